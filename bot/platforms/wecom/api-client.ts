import type { Logger } from "pino";
import { PlatformRefusedError } from "../../../base/errors.js";
import {
  assertOk,
  type HttpOptions,
  type Json,
  jsonPost,
  requestJson,
  requestRaw,
  tryParseJson,
} from "./http.js";
import { buildMediaMultipart, mimeOf } from "./multipart.js";
import { realSleep, retryBusy, type Sleep } from "./retry.js";
import { TokenCache } from "./token-cache.js";

export const DEFAULT_API_BASE = "https://qyapi.weixin.qq.com";

/** 40014 invalid token, 42001 expired, 40001 invalid credential: refetch the token, try once more. */
const TOKEN_CODES = new Set<number | string>([40014, 42001, 40001]);

export type AppPayload =
  | { msgtype: "text"; text: { content: string } }
  | { msgtype: "markdown"; markdown: { content: string } }
  | { msgtype: "image"; image: { media_id: string } }
  | { msgtype: "file"; file: { media_id: string } };

export interface WecomAppClientOptions extends HttpOptions {
  baseUrl?: string;
  corpId: string;
  secret: string;
  agentId: number;
  sleep?: Sleep;
  now?: () => number;
  /** Waits before retrying a busy answer (45009/45033/-1); then the error goes to the outbox. */
  retryDelaysMs?: readonly number[];
  tokenCache?: TokenCache;
  /**
   * message/send asks WeCom to drop the same content to the same member within this many seconds
   * (enable_duplicate_check): a reply resent after a crash between WeCom's "ok" and our mark is not
   * shown twice. 0 turns it off. Default 600.
   */
  duplicateCheckSeconds?: number;
  logger?: Pick<Logger, "warn" | "debug">;
}

export interface DownloadedMedia {
  bytes: Buffer;
  mime?: string;
  fileName?: string;
}

/**
 * The self-built app's REST API: message/send, appchat/send, media/upload, media/get.
 *
 * @example
 *   const api = createWecomAppClient({ corpId, secret, agentId: 1000002 });
 *   await api.sendToUser("zhangsan", { msgtype: "text", text: { content: "已收到" } });
 */
export function createWecomAppClient(options: WecomAppClientOptions) {
  const baseUrl = options.baseUrl ?? DEFAULT_API_BASE;
  const sleep = options.sleep ?? realSleep;
  const delays = options.retryDelaysMs ?? [200, 1000];
  const tokens = options.tokenCache ?? new TokenCache({ ...options, baseUrl });
  const { corpId, secret } = options;

  const url = (path: string, token: string, query: Record<string, string> = {}) => {
    const u = new URL(path, baseUrl);
    u.searchParams.set("access_token", token);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u.toString();
  };

  // gettoken answers "busy" (-1) and frequency limits like every other call: retried alike.
  const token = () => retryBusy(() => tokens.get(corpId, secret), sleep, delays, "platform");

  /**
   * Runs a call with a token; a rejected token is refetched and the call tried once more. A limit
   * of the app (45009/45033) holds every chat of the app.
   */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const first = await token();
    try {
      return await retryBusy(() => call(first), sleep, delays, "platform");
    } catch (error) {
      if (!(error instanceof PlatformRefusedError) || !TOKEN_CODES.has(error.code)) throw error;
      options.logger?.debug({ code: error.code }, "wecom access_token rejected; refetching");
      tokens.invalidate(corpId, secret, first);
      const fresh = await token();
      return await retryBusy(() => call(fresh), sleep, delays, "platform");
    }
  }
  const dedupe = options.duplicateCheckSeconds ?? 600;

  const post = (path: string, body: Json) =>
    withToken((token) => requestJson(url(path, token), jsonPost(body), options));

  return {
    /** message/send to one member. A recipient WeCom calls invalid is a refusal (81013). */
    async sendToUser(userId: string, payload: AppPayload): Promise<void> {
      const json = await post("/cgi-bin/message/send", {
        touser: userId,
        agentid: options.agentId,
        safe: 0,
        ...payload,
        ...(dedupe > 0 ? { enable_duplicate_check: 1, duplicate_check_interval: dedupe } : {}),
      });
      if (typeof json.invaliduser === "string" && json.invaliduser !== "") {
        throw new PlatformRefusedError("企业微信拒绝了请求（/cgi-bin/message/send）：成员无效", 81013);
      }
    },

    async sendToAppchat(chatId: string, payload: AppPayload): Promise<void> {
      await post("/cgi-bin/appchat/send", { chatid: chatId, safe: 0, ...payload });
    },

    /** media/upload; returns a media_id valid 3 days. */
    async uploadMedia(type: "image" | "file", bytes: Buffer, fileName: string): Promise<string> {
      const { body, contentType } = buildMediaMultipart(bytes, fileName, mimeOf(fileName, bytes));
      const json = await withToken((token) =>
        requestJson(
          url("/cgi-bin/media/upload", token, { type }),
          { method: "POST", headers: { "content-type": contentType }, body },
          options,
        ),
      );
      if (typeof json.media_id !== "string")
        throw new PlatformRefusedError("企业微信未返回 media_id", "no_media_id");
      return json.media_id;
    },

    /** media/get: the bytes; WeCom answers errors as JSON, so the content type is checked first. */
    async getMedia(mediaId: string): Promise<DownloadedMedia> {
      return withToken(async (token) => {
        const target = url("/cgi-bin/media/get", token, { media_id: mediaId });
        const raw = await requestRaw(target, { method: "GET" }, options);
        const mime = raw.headers.get("content-type")?.split(";")[0]?.trim();
        if (mime === "application/json" || mime === "text/plain") {
          const json = tryParseJson(raw.body);
          if (json && typeof json.errcode === "number") assertOk(json, target);
        }
        const disposition = raw.headers.get("content-disposition") ?? "";
        const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
        return { bytes: raw.body, ...(mime ? { mime } : {}), ...(fileName ? { fileName } : {}) };
      });
    },
  };
}

export type WecomAppClient = ReturnType<typeof createWecomAppClient>;

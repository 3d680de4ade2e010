import { createHash } from "node:crypto";
import { PlatformRefusedError } from "../../../base/errors.js";
import { type SendProgress, sendParts } from "../../platform.js";
import { DEFAULT_API_BASE } from "./api-client.js";
import { type HttpOptions, type Json, jsonPost, requestJson } from "./http.js";
import { buildMediaMultipart, mimeOf } from "./multipart.js";
import { RateLimiter } from "./rate-limiter.js";
import { realSleep, retryBusy, type Sleep } from "./retry.js";

export type WebhookPayload =
  | { msgtype: "text"; text: { content: string; mentioned_list?: string[] } }
  | { msgtype: "markdown"; markdown: { content: string } }
  | { msgtype: "image"; image: { base64: string; md5: string } }
  | { msgtype: "file"; file: { media_id: string } };

export interface WecomWebhookClientOptions extends HttpOptions {
  baseUrl?: string;
  sleep?: Sleep;
  now?: () => number;
  retryDelaysMs?: readonly number[];
  /** Shared by all senders of one process; defaults to 20 per minute per robot. */
  limiter?: RateLimiter;
}

/** Raw images up to 2 MB (protocol §4.5). */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Group robot (消息推送) webhooks: webhook/send and webhook/upload_media. The key is a secret: it
 * never appears in a log line or an error.
 *
 * @example
 *   const hooks = createWecomWebhookClient({});
 *   await hooks.send(key, [{ msgtype: "text", text: { content: "今日通报" } }]);
 */
export function createWecomWebhookClient(options: WecomWebhookClientOptions) {
  const baseUrl = options.baseUrl ?? DEFAULT_API_BASE;
  const sleep = options.sleep ?? realSleep;
  const delays = options.retryDelaysMs ?? [200, 1000];
  const limiter = options.limiter ?? new RateLimiter({ limit: 20, windowMs: 60_000, now: options.now });

  const url = (path: string, key: string, query: Record<string, string> = {}) => {
    const u = new URL(path, baseUrl);
    u.searchParams.set("key", key);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u.toString();
  };

  return {
    /**
     * Sends the payloads in order, reserving those still to send against the robot's 20/min first;
     * parts an earlier attempt delivered (`progress`) are skipped.
     */
    async send(key: string, payloads: WebhookPayload[], progress?: SendProgress): Promise<void> {
      limiter.reserve(key, payloads.length - (progress?.done ?? 0));
      await sendParts(payloads, progress, (payload) =>
        retryBusy(
          () => requestJson(url("/cgi-bin/webhook/send", key), jsonPost(payload), options),
          sleep,
          delays,
        ).then(() => undefined),
      );
    },

    /** webhook/upload_media: the media_id is usable only by this robot, for 3 days. */
    async uploadMedia(
      key: string,
      bytes: Buffer,
      fileName: string,
      type: "file" | "voice" = "file",
    ): Promise<string> {
      const { body, contentType } = buildMediaMultipart(bytes, fileName, mimeOf(fileName, bytes));
      const json: Json = await retryBusy(
        () =>
          requestJson(
            url("/cgi-bin/webhook/upload_media", key, { type }),
            { method: "POST", headers: { "content-type": contentType }, body },
            options,
          ),
        sleep,
        delays,
      );
      if (typeof json.media_id !== "string")
        throw new PlatformRefusedError("企业微信未返回 media_id", "no_media_id");
      return json.media_id;
    },
  };
}

export function webhookImage(bytes: Buffer): WebhookPayload {
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new PlatformRefusedError("图片超过 2 MB，群机器人无法发送", 40009);
  }
  const md5 = createHash("md5").update(bytes).digest("hex");
  return { msgtype: "image", image: { base64: bytes.toString("base64"), md5 } };
}

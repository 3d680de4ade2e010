import { randomBytes } from "node:crypto";
import { WSClient } from "@wecom/aibot-node-sdk";
import type { Logger } from "pino";
import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";
import { createSdkLogger } from "./aibot-sdk-logger.js";

/** Frames of the AI bot long connection (protocol §5.2): `{cmd, headers: {req_id}, body}`. */
export interface AibotFrame {
  cmd?: string;
  headers?: { req_id?: string };
  body?: Record<string, unknown>;
  errcode?: number;
  errmsg?: string;
}

export interface AibotWsOptions {
  url?: string;
  botId: string;
  secret: string;
  /** aibot_msg_callback and aibot_event_callback frames (not disconnected_event). */
  onCallback: (frame: AibotFrame) => void;
  logger: Pick<Logger, "info" | "warn" | "error" | "debug">;
  /** First reconnect delay; the SDK doubles it up to 30 s. */
  reconnectMs?: number;
  /**
   * After WeCom's disconnected_event (another connection with this BotID took over): how long to
   * stay away before subscribing again (default 10 minutes). Coming back at once kicks the other
   * connection, which kicks back: two processes on one BotID traded 10 kicks in 10 s.
   */
  takeoverPauseMs?: number;
  /** Subscribed (true), or the connection is gone (false, with why): for the platform's status. */
  onStatus?: (connected: boolean, reason?: string) => void;
  now?: () => number;
}

const DEFAULT_AIBOT_WS_URL = "wss://openws.work.weixin.qq.com";

/** Upload limits of the long connection (protocol §5.2): 512 KB per chunk before base64, 100 chunks. */
const UPLOAD_CHUNK_BYTES = 512 * 1024;
const UPLOAD_MAX_CHUNKS = 100;

/** -1 system busy; 45009 the conversation's 30-a-minute limit (protocol §4.6, §5.2): wait, never give up. */
const RETRY_AFTER_MS: Record<string, number> = { "-1": 2_000, "45009": 60_000, "45033": 2_000 };

/** An ack that did not come within the SDK's 5 s: the command may or may not have been carried out. */
export class AckTimeoutError extends PlatformRequestError {}

/**
 * The AI bot's long connection on WeCom's own client (`@wecom/aibot-node-sdk`: subscribe, ping,
 * reconnect with backoff, acks matched by req_id with a 5 s timeout, chunked uploads with retries).
 * What this adds: it never stops reconnecting (a busy -1 answer to aibot_subscribe is retried like
 * a lost connection); after another connection took over it stays away for `takeoverPauseMs`;
 * every connect and disconnect is logged; an ack's errcode becomes a PlatformRefusedError the
 * outbox understands (busy and rate limits are waited out); acks that arrive after the SDK gave up
 * on them are reported to `onLateAck`. The secret is never logged.
 */
export function createAibotWsClient(options: AibotWsOptions) {
  const now = options.now ?? Date.now;
  const lateAckHandlers = new Set<(reqId: string, errcode: number) => void>();
  const sdk = new WSClient({
    botId: options.botId,
    secret: options.secret,
    wsUrl: options.url ?? DEFAULT_AIBOT_WS_URL,
    reconnectInterval: options.reconnectMs ?? 1000,
    // -1: never give up. A wrong secret is an operator's to fix; the status says so meanwhile.
    maxReconnectAttempts: -1,
    maxAuthFailureAttempts: -1,
    logger: createSdkLogger(options.logger, (frame) => {
      const id = frame.headers?.req_id;
      if (id) for (const h of lateAckHandlers) h(id, frame.errcode ?? 0);
    }),
  });
  let ready = false;
  let stopped = true;
  let takeover: NodeJS.Timeout | undefined;
  let subscribedAt = 0;
  /** Kicked by another connection: no "reconnecting" status, the takeover pause runs instead. */
  let takenOver = false;
  /** The first subscription's outcome, for start(). */
  let first: { resolve: () => void; reject: (e: Error) => void } | undefined;

  sdk.on("authenticated", () => {
    ready = true;
    takenOver = false;
    subscribedAt = now();
    options.logger.info({ botId: options.botId }, "wecom AI bot ws subscribed");
    options.onStatus?.(true);
    first?.resolve();
    first = undefined;
  });
  sdk.on("disconnected", (reason: string) => {
    const was = ready;
    ready = false;
    if (stopped) return;
    options.logger.warn(
      { reason, connectedForMs: was ? now() - subscribedAt : 0 },
      "wecom AI bot ws disconnected",
    );
    if (!takenOver) options.onStatus?.(false, "长连接已断开，正在重连");
  });
  sdk.on("reconnecting", (attempt: number) =>
    options.logger.info({ attempt }, "wecom AI bot ws reconnecting"),
  );
  sdk.on("error", (error: Error) => {
    const code = /\(code: (-?\d+)\)/.exec(error.message)?.[1];
    if (code !== undefined) {
      options.logger.error({ errcode: Number(code) }, "wecom AI bot ws: aibot_subscribe refused");
      options.onStatus?.(false, `订阅被拒绝（errcode ${code}），正在重试`);
    } else {
      options.logger.warn({ err: error.message }, "wecom AI bot ws error");
    }
    // start() reports the first failure; the platform starter tries again with its own backoff.
    if (first) {
      const refusal =
        code !== undefined
          ? new PlatformRefusedError(`智能机器人订阅失败：errcode ${code}`, Number(code))
          : new PlatformRequestError(`企业微信智能机器人长连接失败：${error.message}`);
      first.reject(refusal);
      first = undefined;
      sdk.disconnect();
    }
  });
  sdk.on("event.disconnected_event", () => {
    const pause = options.takeoverPauseMs ?? 10 * 60_000;
    takenOver = true;
    options.logger.error(
      { botId: options.botId, retryInMs: pause },
      "wecom AI bot ws: another connection took over this bot (the same BotID in another process?); staying away",
    );
    options.onStatus?.(false, "另一连接接管了此机器人");
    clearTimeout(takeover);
    takeover = setTimeout(() => {
      if (stopped) return;
      options.logger.info("wecom AI bot ws: subscribing again after a takeover");
      sdk.connect();
    }, pause);
  });
  sdk.on("message", (frame) => options.onCallback(frame as AibotFrame));
  sdk.on("event", (frame) => {
    const f = frame as AibotFrame;
    const event = (f.body?.event as { eventtype?: string } | undefined)?.eventtype;
    if (event !== "disconnected_event") options.onCallback(f);
  });

  const reqId = (cmd: string) => `${cmd}_${Date.now()}_${randomBytes(4).toString("hex")}`;

  /** The SDK rejects with the ack frame (errcode ≠ 0) or an Error (timeout, closed, not connected). */
  function toPlatformError(cmd: string, failure: unknown): Error {
    if (failure && typeof failure === "object" && "errcode" in failure) {
      const code = Number((failure as AibotFrame).errcode);
      const wait = RETRY_AFTER_MS[String(code)];
      return new PlatformRefusedError(
        `企业微信智能机器人拒绝了 ${cmd}：errcode ${code}`,
        code,
        wait,
        wait !== undefined,
      );
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    if (/ack timeout/i.test(message)) {
      return new AckTimeoutError(`企业微信智能机器人长连接：${cmd} 5 秒内无应答`, { cause: failure });
    }
    return new PlatformRequestError(`企业微信智能机器人长连接：${cmd} 未送达（${message}）`, {
      cause: failure,
    });
  }

  /**
   * Sends a command and resolves with its ack. A reply to a callback (aibot_respond_msg,
   * aibot_respond_welcome_msg) carries that callback's req_id; anything else gets a new one.
   */
  async function command(
    cmd: string,
    body: Record<string, unknown>,
    replyTo?: string,
  ): Promise<AibotFrame & { reqId: string }> {
    if (!ready) throw new PlatformRequestError("企业微信智能机器人长连接未连接");
    const id = replyTo ?? reqId(cmd);
    try {
      const ack = (await sdk.reply({ headers: { req_id: id } }, body, cmd)) as AibotFrame;
      return { ...ack, reqId: id };
    } catch (failure) {
      throw Object.assign(toPlatformError(cmd, failure), { reqId: id });
    }
  }

  return {
    start(): Promise<void> {
      stopped = false;
      return new Promise<void>((resolve, reject) => {
        first = { resolve, reject };
        sdk.connect();
      });
    },
    async stop() {
      stopped = true;
      clearTimeout(takeover);
      first = undefined;
      if (ready || sdk.isConnected) options.logger.info("wecom AI bot ws closed");
      ready = false;
      // The SDK warns when asked to disconnect twice; it is harmless.
      sdk.disconnect();
    },
    get ready() {
      return ready && sdk.isConnected;
    },
    command,
    /** Acks that came after the SDK's 5 s timeout (req_id, errcode). */
    onLateAck(handler: (reqId: string, errcode: number) => void) {
      lateAckHandlers.add(handler);
    },
    /**
     * Uploads a file or image as temporary media (init → chunks, each retried by the SDK →
     * finish) and resolves with its media_id, valid 3 days and only for this bot.
     */
    async uploadMedia(type: "image" | "file", bytes: Buffer, filename: string): Promise<string> {
      const chunks = Math.max(1, Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES));
      if (chunks > UPLOAD_MAX_CHUNKS) {
        throw new PlatformRefusedError(
          `文件 ${filename} 超过智能机器人可发送的 ${(UPLOAD_CHUNK_BYTES * UPLOAD_MAX_CHUNKS) >> 20} MB`,
          "too_large",
        );
      }
      if (!ready) throw new PlatformRequestError("企业微信智能机器人长连接未连接");
      try {
        const done = await sdk.uploadMedia(bytes, { type, filename });
        return done.media_id;
      } catch (failure) {
        throw toPlatformError("aibot_upload_media", failure);
      }
    },
  };
}

export type AibotWsClient = ReturnType<typeof createAibotWsClient>;

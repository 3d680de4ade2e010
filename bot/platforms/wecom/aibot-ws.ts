import { createHash, randomBytes } from "node:crypto";
import type { Logger } from "pino";
import WebSocket from "ws";
import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";

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
  /** aibot_msg_callback and aibot_event_callback frames. */
  onCallback: (frame: AibotFrame) => void;
  logger: Pick<Logger, "info" | "warn" | "error">;
  pingMs?: number;
  ackTimeoutMs?: number;
  /** First reconnect delay; doubles up to 30 s. */
  reconnectMs?: number;
  /** Subscribed (true), or the connection is gone (false, with why): for the platform's status. */
  onStatus?: (connected: boolean, reason?: string) => void;
}

export const DEFAULT_AIBOT_WS_URL = "wss://openws.work.weixin.qq.com";

/** Upload limits of the long connection (protocol §5.2): 512 KB per chunk before base64, 100 chunks. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
export const UPLOAD_MAX_CHUNKS = 100;

/**
 * The AI bot's WebSocket long connection: subscribe with BotID + Secret, ping every 30 s, hand
 * callbacks on, send commands and wait for their acks (matched by req_id). Reconnects with backoff;
 * the secret is never logged.
 */
export function createAibotWsClient(options: AibotWsOptions) {
  const pending = new Map<
    string,
    { resolve: (f: AibotFrame) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  let socket: WebSocket | undefined;
  let ready = false;
  let stopped = false;
  let ping: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = options.reconnectMs ?? 1000;
  /** Why WeCom refused the subscription (a wrong secret): reconnecting will not help. */
  let refused: string | undefined;

  const reqId = (cmd: string) => `${cmd}_${Date.now()}_${randomBytes(4).toString("hex")}`;

  function send(cmd: string, body?: Record<string, unknown>, id = reqId(cmd)): Promise<AibotFrame> {
    const ws = socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new PlatformRequestError("企业微信智能机器人长连接未连接"));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new PlatformRequestError(`企业微信智能机器人长连接：${cmd} 无应答`));
      }, options.ackTimeoutMs ?? 5000);
      pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ cmd, headers: { req_id: id }, ...(body ? { body } : {}) }));
    });
  }

  /** Every frame is handled under this guard: no frame, however malformed, can end the process. */
  function onFrameGuarded(raw: WebSocket.RawData) {
    try {
      onFrame(raw);
    } catch (error) {
      options.logger.error({ err: error }, "wecom AI bot ws: a frame could not be handled");
    }
  }

  function onFrame(raw: WebSocket.RawData) {
    let frame: AibotFrame;
    try {
      frame = JSON.parse(raw.toString()) as AibotFrame;
    } catch {
      return options.logger.warn("wecom AI bot ws: a frame that is not JSON");
    }
    // `null`, `[]`, a number: JSON, but not a frame.
    if (!frame || typeof frame !== "object" || Array.isArray(frame)) {
      return options.logger.warn("wecom AI bot ws: a frame that is not an object");
    }
    const id = frame.headers?.req_id;
    if (!frame.cmd && id && pending.has(id)) {
      const p = pending.get(id)!;
      pending.delete(id);
      clearTimeout(p.timer);
      return p.resolve(frame);
    }
    if (
      frame.cmd === "aibot_event_callback" &&
      frame.body?.event &&
      (frame.body.event as { eventtype?: string }).eventtype === "disconnected_event"
    ) {
      options.logger.warn("wecom AI bot ws: another connection took over this bot");
    }
    if (frame.cmd === "aibot_msg_callback" || frame.cmd === "aibot_event_callback") options.onCallback(frame);
  }

  function connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(options.url ?? DEFAULT_AIBOT_WS_URL);
      socket = ws;
      ws.on("message", onFrameGuarded);
      ws.on("error", (error) => options.logger.warn({ err: error.message }, "wecom AI bot ws error"));
      ws.on("close", () => {
        ready = false;
        options.onStatus?.(false, stopped ? (refused ?? "已停止") : "长连接已断开，正在重连");
        clearInterval(ping);
        for (const [id, p] of pending) {
          clearTimeout(p.timer);
          p.reject(new PlatformRequestError("企业微信智能机器人长连接已断开"));
          pending.delete(id);
        }
        reject(new PlatformRequestError("企业微信智能机器人长连接已断开"));
        if (!stopped) scheduleReconnect();
      });
      ws.on("open", async () => {
        try {
          const ack = await send("aibot_subscribe", { bot_id: options.botId, secret: options.secret });
          if (ack.errcode)
            throw new PlatformRefusedError(`智能机器人订阅失败：errcode ${ack.errcode}`, ack.errcode);
          ready = true;
          options.onStatus?.(true);
          delay = options.reconnectMs ?? 1000;
          ping = setInterval(() => void send("ping").catch(() => ws.terminate()), options.pingMs ?? 30_000);
          options.logger.info("wecom AI bot ws subscribed");
          resolve();
        } catch (error) {
          stopped = error instanceof PlatformRefusedError; // a wrong secret will not heal by retrying
          if (stopped) refused = (error as Error).message;
          reject(error);
          ws.close();
        }
      });
    });
  }

  /**
   * Sends a command and resolves with its ack; errcode ≠ 0 → PlatformRefusedError. A reply to a
   * callback (aibot_respond_welcome_msg) carries that callback's req_id.
   */
  async function command(cmd: string, body: Record<string, unknown>, replyTo?: string): Promise<AibotFrame> {
    const ack = await send(cmd, body, replyTo);
    if (ack.errcode) {
      throw new PlatformRefusedError(`企业微信智能机器人拒绝了 ${cmd}：errcode ${ack.errcode}`, ack.errcode);
    }
    return ack;
  }

  function scheduleReconnect() {
    clearTimeout(retry);
    retry = setTimeout(() => void connect().catch(() => {}), delay);
    delay = Math.min(delay * 2, 30_000);
  }

  return {
    start: () => {
      stopped = false;
      refused = undefined;
      return connect();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      socket?.close();
      socket = undefined;
    },
    get ready() {
      return ready;
    },
    command,
    /**
     * Uploads a file or image as temporary media (init → chunks → finish) and resolves with its
     * media_id, valid 3 days and only for this bot.
     */
    async uploadMedia(type: "image" | "file", bytes: Buffer, filename: string): Promise<string> {
      const chunks = Math.max(1, Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES));
      if (chunks > UPLOAD_MAX_CHUNKS) {
        throw new PlatformRefusedError(
          `文件 ${filename} 超过智能机器人可发送的 ${(UPLOAD_CHUNK_BYTES * UPLOAD_MAX_CHUNKS) >> 20} MB`,
          "too_large",
        );
      }
      const init = await command("aibot_upload_media_init", {
        type,
        filename,
        total_size: bytes.length,
        total_chunks: chunks,
        md5: createHash("md5").update(bytes).digest("hex"),
      });
      const uploadId = init.body?.upload_id;
      if (typeof uploadId !== "string") throw new PlatformRequestError("智能机器人上传：没有返回 upload_id");
      // One chunk at a time: WeCom answers "system error" to many concurrent chunks.
      for (let i = 0; i < chunks; i++) {
        const chunk = bytes.subarray(i * UPLOAD_CHUNK_BYTES, (i + 1) * UPLOAD_CHUNK_BYTES);
        await command("aibot_upload_media_chunk", {
          upload_id: uploadId,
          chunk_index: i,
          base64_data: chunk.toString("base64"),
        });
      }
      const done = await command("aibot_upload_media_finish", { upload_id: uploadId });
      const mediaId = done.body?.media_id;
      if (typeof mediaId !== "string") throw new PlatformRequestError("智能机器人上传：没有返回 media_id");
      return mediaId;
    },
  };
}

export type AibotWsClient = ReturnType<typeof createAibotWsClient>;

import type { Logger } from "pino";
import type { InboundMessage } from "../../../base/message.js";
import { type AibotFrame, createAibotWsClient } from "./aibot-ws.js";
import { decryptMediaFile } from "./crypto.js";
import { mapAibotCallback } from "./inbound-aibot.js";
import { realSleep, type Sleep } from "./retry.js";

/** A media URL in a long-connection callback works for 5 minutes (protocol §5.2). */
export const MEDIA_URL_VALID_MS = 5 * 60_000;

export interface AibotWsInboundOptions {
  url: string;
  botId: string;
  secret: string;
  onMessage: (message: InboundMessage) => Promise<void>;
  /** An enter_chat event: its req_id is what the welcome reply must carry. */
  onWelcomeTicket?: (chatId: string, reqId: string, receivedAt: Date) => void;
  /** A message: its req_id is what replies to it (aibot_respond_msg) carry. */
  onReplyTicket?: (msgId: string, reqId: string, receivedAt: Date) => void;
  logger: Pick<Logger, "info" | "warn" | "error" | "debug">;
  now: () => Date;
  fetch?: typeof fetch;
  sleep?: Sleep;
  reconnectMs?: number;
  takeoverPauseMs?: number;
  onStatus?: (connected: boolean, reason?: string) => void;
}

/** 1 s, 2 s, 4 s … up to 30 s. */
const backoff = (attempt: number) => Math.min(1000 * 2 ** attempt, 30_000);

/**
 * The AI bot's long connection wired to the core: each message callback is mapped like the HTTP
 * one, its image downloaded and decrypted with its own aeskey, then stored. WeCom does not
 * redeliver over this channel, so nothing here may drop a message: a download that fails is tried
 * again while its URL is valid (5 min), after which the sender is told (media_unavailable); a store
 * that fails is tried again with backoff, the message kept in memory until it is stored.
 */
export function startAibotWs(options: AibotWsInboundOptions) {
  const sleep = options.sleep ?? realSleep;
  let stopped = false;

  /** The file's bytes, or undefined once its URL has expired or WeCom refused it. */
  async function download(url: string, aesKey: string | undefined, receivedAt: Date, msgid: unknown) {
    const expires = receivedAt.getTime() + MEDIA_URL_VALID_MS;
    for (let attempt = 0; ; attempt++) {
      let why: string;
      try {
        const response = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(10_000) });
        if (response.ok) {
          const data = Buffer.from(await response.arrayBuffer());
          return aesKey ? decryptMediaFile(data, aesKey) : data;
        }
        // 4xx: the URL is gone or never was; asking again will not change that.
        if (response.status < 500) {
          options.logger.warn({ msgid, status: response.status }, "wecom AI bot ws: media refused");
          return undefined;
        }
        why = `HTTP ${response.status}`;
      } catch (error) {
        why = (error as Error).message;
      }
      const delay = backoff(attempt);
      if (stopped || options.now().getTime() + delay >= expires) {
        options.logger.warn(
          { msgid, err: why, attempts: attempt + 1 },
          "wecom AI bot ws: media could not be fetched",
        );
        return undefined;
      }
      options.logger.warn(
        { msgid, err: why, retryInMs: delay },
        "wecom AI bot ws: media download failed, retrying",
      );
      await sleep(delay);
    }
  }

  async function store(message: InboundMessage) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await options.onMessage(message);
      } catch (error) {
        if (stopped) {
          options.logger.error(
            { err: error, msgid: message.messageId },
            "wecom AI bot ws: message lost at stop",
          );
          return;
        }
        const delay = backoff(attempt);
        options.logger.error(
          { err: error, msgid: message.messageId, retryInMs: delay },
          "wecom AI bot ws: message not stored yet, retrying",
        );
        await sleep(delay);
      }
    }
  }

  async function handle(frame: AibotFrame) {
    const mapped = mapAibotCallback(frame.body, options.now());
    if (!mapped) return;
    let message = mapped.message;
    const reqId = frame.headers?.req_id;
    if (message.kind === "event" && message.event === "enter_chat" && reqId) {
      options.onWelcomeTicket?.(message.chat.id, reqId, message.receivedAt);
    } else if (reqId) {
      options.onReplyTicket?.(message.messageId, reqId, message.receivedAt);
    }
    if (mapped.mediaUrl) {
      const bytes = await download(
        mapped.mediaUrl,
        mapped.mediaAesKey,
        message.receivedAt,
        message.messageId,
      );
      message = bytes
        ? { ...message, media: { bytes } }
        : { ...message, kind: "event", event: "media_unavailable" };
    }
    await store(message);
  }

  const client = createAibotWsClient({
    url: options.url,
    botId: options.botId,
    secret: options.secret,
    logger: options.logger,
    reconnectMs: options.reconnectMs,
    takeoverPauseMs: options.takeoverPauseMs,
    onStatus: options.onStatus,
    now: () => options.now().getTime(),
    onCallback: (frame) =>
      void handle(frame).catch((error) =>
        options.logger.error(
          { err: error, msgid: frame.body?.msgid },
          "wecom AI bot ws: a frame could not be handled",
        ),
      ),
  });
  return {
    ...client,
    start: () => {
      stopped = false;
      return client.start();
    },
    stop: () => {
      stopped = true;
      return client.stop();
    },
    get ready() {
      return client.ready;
    },
  };
}

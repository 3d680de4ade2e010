import type { Logger } from "pino";
import type { InboundMessage } from "../../../base/message.js";
import { type AibotFrame, createAibotWsClient } from "./aibot-ws.js";
import { mapAibotCallback } from "./inbound-aibot.js";
import { type WecomMediaFetch, type WecomMediaRef, withWecomMedia } from "./media-fetch.js";
import { realSleep, type Sleep } from "./retry.js";

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
  /** Fetches a message's photo or file (the URL, decrypted with its own aeskey). */
  fetchMedia: WecomMediaFetch;
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
 * redeliver over this channel, so nothing here may drop a message: a download that fails is stored
 * with its URL and key (pendingMedia) and fetched again from storage while the URL is valid (5 min),
 * after which the sender is told; a store that fails is tried again with backoff, the message kept
 * in memory until it is stored.
 */
export function startAibotWs(options: AibotWsInboundOptions) {
  const sleep = options.sleep ?? realSleep;
  let stopped = false;

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
      // Stored with the message: a reply after a restart still answers it with this req_id.
      message = { ...message, replyRef: reqId };
    }
    if (mapped.mediaUrl) {
      const ref: WecomMediaRef = {
        via: "ws",
        url: mapped.mediaUrl,
        ...(mapped.mediaAesKey ? { aesKey: mapped.mediaAesKey } : {}),
      };
      message = await withWecomMedia(message, ref, options.fetchMedia, (error, kept) =>
        options.logger.warn(
          { msgid: message.messageId, err: (error as Error)?.message },
          kept
            ? "wecom AI bot ws: media not fetched yet; kept to be fetched again"
            : "wecom AI bot ws: media refused; the sender is told",
        ),
      );
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

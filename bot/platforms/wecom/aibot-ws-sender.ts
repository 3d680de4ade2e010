import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";
import type { OutboundMessage } from "../../../base/message.js";
import { type SendProgress, sendParts } from "../../platform.js";
import { AckTimeoutError, type AibotWsClient } from "./aibot-ws.js";
import { OneShotReplies } from "./one-shot-replies.js";
import { RateLimiter } from "./rate-limiter.js";
import { renderAibotMarkdown } from "./render.js";

/** WeCom's answer to a reply whose req_id it does not know (or no longer): 846605 invalid req_id. */
const INVALID_REQ_ID = 846605;

/** A message may be answered over the long connection for 24 hours (protocol §5.2). */
const REPLY_WINDOW_MS = 24 * 3600_000;

export interface AibotWsSenderOptions {
  logger: Pick<Logger, "warn" | "info">;
  now: () => number;
  /**
   * After a push whose ack never came (the SDK waits 5 s), how long the same push waits for a late
   * ack before it is sent again (default 60 s). Without this, slow acks sent one reply 5 times.
   */
  lateAckMs?: number;
}

/**
 * Sending over the AI bot's long connection. A reply to a message goes out as aibot_respond_msg
 * with that message's callback req_id (within 24 h), as a finished stream whose id is derived from
 * the reply: sent again after a lost ack, it replaces itself instead of showing twice. Anything
 * else (pushes, files, a reply after a restart) goes as aibot_send_msg, which has no such id: a
 * push whose ack timed out is not sent again until its late ack says it failed or `lateAckMs` has
 * passed. The welcome to someone opening the chat answers their enter_chat event.
 */
export function createAibotWsSender(options: AibotWsSenderOptions) {
  const { now } = options;
  const lateAckMs = options.lateAckMs ?? 60_000;
  // ≤30 messages a minute per conversation, replies and pushes together (protocol §5.2).
  const limiter = new RateLimiter({ limit: 30, windowMs: 60_000, now });
  // enter_chat req_ids: the welcome reply must follow within 5 s (§5.2); kept 4.5 s to be on time.
  const welcomes = new OneShotReplies(4_500, now);
  /** msgid → the callback's req_id, until the reply window closes. */
  const replyTickets = new Map<string, { reqId: string; until: number }>();
  /** Pushes whose ack did not come in time: by what was pushed. */
  const uncertain = new Map<string, { reqId: string; at: number; delivered?: boolean }>();
  const uncertainByReqId = new Map<string, string>();
  let client: AibotWsClient | undefined;

  function onLateAck(reqId: string, errcode: number) {
    const key = uncertainByReqId.get(reqId);
    if (key === undefined) return;
    uncertainByReqId.delete(reqId);
    const entry = uncertain.get(key);
    if (!entry) return;
    if (errcode === 0) entry.delivered = true;
    else uncertain.delete(key); // refused after all: the next attempt sends it
    options.logger.info({ reqId, errcode }, "wecom AI bot ws: a late ack arrived");
  }

  /** aibot_send_msg, at most once per `lateAckMs` for the same push while its outcome is unknown. */
  async function push(ws: AibotWsClient, chatId: string, body: Record<string, unknown>) {
    const key = `${chatId}\n${createHash("sha1").update(JSON.stringify(body)).digest("hex")}`;
    const entry = uncertain.get(key);
    if (entry?.delivered) {
      uncertain.delete(key);
      return;
    }
    if (entry && now() - entry.at < lateAckMs) {
      throw new PlatformRequestError("企业微信智能机器人尚未确认上一次发送，稍后再试");
    }
    if (entry) {
      uncertain.delete(key);
      uncertainByReqId.delete(entry.reqId);
    }
    try {
      await ws.command("aibot_send_msg", body);
    } catch (error) {
      if (error instanceof AckTimeoutError) {
        const reqId = (error as AckTimeoutError & { reqId: string }).reqId;
        uncertain.set(key, { reqId, at: now() });
        uncertainByReqId.set(reqId, key);
      }
      throw error;
    }
  }

  function prune() {
    const t = now();
    for (const [id, ticket] of replyTickets) if (ticket.until <= t) replyTickets.delete(id);
    for (const [key, entry] of uncertain) {
      if (t - entry.at > 10 * lateAckMs) {
        uncertain.delete(key);
        uncertainByReqId.delete(entry.reqId);
      }
    }
  }

  return {
    attach(ws: AibotWsClient) {
      client = ws;
      ws.onLateAck(onLateAck);
    },
    /** A message arrived over the connection: its replies may answer it. */
    rememberMessage(msgId: string, reqId: string, receivedAt: Date) {
      const ticket = { reqId, until: receivedAt.getTime() + REPLY_WINDOW_MS };
      // By the req_id its replies now carry (replyRef), and by its id for rows stored before that.
      replyTickets.set(reqId, ticket);
      replyTickets.set(msgId, ticket);
      if (replyTickets.size > 40_000) prune();
    },
    rememberWelcome(chatId: string, reqId: string, receivedAt: Date) {
      welcomes.remember(chatId, reqId, receivedAt);
    },

    /** Sends over the long connection; false when it is not connected (another route may take it). */
    async send(
      chatId: string,
      id: string,
      message: OutboundMessage,
      progress?: SendProgress,
      replyTo?: string,
    ): Promise<boolean> {
      const ws = client;
      if (!ws?.ready) return false;
      if (message.kind === "image" || message.kind === "file") {
        // Ledgers, dossiers and charts: uploaded over the connection, then sent by media_id.
        const fileName = message.fileName ?? (message.kind === "image" ? "image.png" : "file");
        limiter.reserve(chatId, 1);
        const mediaId = await ws.uploadMedia(message.kind, message.bytes, fileName);
        await push(ws, chatId, { chatid: id, msgtype: message.kind, [message.kind]: { media_id: mediaId } });
        return true;
      }
      const ticket = welcomes.take(chatId)?.value;
      if (ticket) {
        // The greeting for someone who just opened the chat: only this reply reaches them (plain text).
        try {
          await ws.command(
            "aibot_respond_welcome_msg",
            { msgtype: "text", text: { content: message.text } },
            ticket,
          );
          return true;
        } catch (error) {
          if (!(error instanceof PlatformRefusedError)) throw error;
          options.logger.warn(
            { chatId, err: error.message },
            "wecom AI bot: welcome reply refused, sending normally",
          );
        }
      }
      const parts = renderAibotMarkdown(message.kind, message.text);
      limiter.reserve(chatId, parts.length - (progress?.done ?? 0));
      const known = replyTo ? replyTickets.get(replyTo) : undefined;
      // No ticket in memory (a restart since the message came): replyTo is the req_id stored with the
      // message (InboundMessage.replyRef), tried as it is; WeCom says when it is no longer valid.
      const reqId = known ? (known.until > now() ? known.reqId : undefined) : replyTo;
      if (reqId) {
        try {
          await sendParts(parts, progress, async (part, index) => {
            const content = part.markdown.content;
            const streamId = createHash("sha1").update(`${reqId}\n${index}\n${content}`).digest("hex");
            await ws.command(
              "aibot_respond_msg",
              { msgtype: "stream", stream: { id: streamId.slice(0, 32), finish: true, content } },
              reqId,
            );
          });
          return true;
        } catch (error) {
          if (ticket || !(error instanceof PlatformRefusedError) || error.code !== INVALID_REQ_ID)
            throw error;
          options.logger.info(
            { chatId },
            "wecom AI bot ws: the message's req_id is no longer valid; pushing",
          );
        }
      }
      await sendParts(parts, progress, (part) => push(ws, chatId, { chatid: id, ...part }));
      return true;
    },
  };
}

export type AibotWsSender = ReturnType<typeof createAibotWsSender>;

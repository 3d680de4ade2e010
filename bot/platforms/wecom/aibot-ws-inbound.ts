import type { Logger } from "pino";
import type { InboundMessage } from "../../../base/message.js";
import { type AibotFrame, createAibotWsClient } from "./aibot-ws.js";
import { decryptMediaFile } from "./crypto.js";
import { mapAibotCallback } from "./inbound-aibot.js";

export interface AibotWsInboundOptions {
  url: string;
  botId: string;
  secret: string;
  onMessage: (message: InboundMessage) => Promise<void>;
  /** An enter_chat event: its req_id is what the welcome reply must carry. */
  onWelcomeTicket?: (chatId: string, reqId: string, receivedAt: Date) => void;
  logger: Pick<Logger, "info" | "warn" | "error">;
  now: () => Date;
  fetch?: typeof fetch;
  reconnectMs?: number;
  onStatus?: (connected: boolean, reason?: string) => void;
}

/**
 * The AI bot's long connection wired to the core: each message callback is mapped like the HTTP
 * one, its image downloaded and decrypted with its own aeskey, then stored. WeCom does not redeliver
 * over this channel, so a failure to store is logged as an error.
 */
export function startAibotWs(options: AibotWsInboundOptions) {
  async function handle(frame: AibotFrame) {
    const mapped = mapAibotCallback(frame.body, options.now());
    if (!mapped) return;
    let message = mapped.message;
    const reqId = frame.headers?.req_id;
    if (message.kind === "event" && message.event === "enter_chat" && reqId) {
      options.onWelcomeTicket?.(message.chat.id, reqId, message.receivedAt);
    }
    if (mapped.mediaUrl) {
      const response = await (options.fetch ?? fetch)(mapped.mediaUrl, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`AI bot media download: HTTP ${response.status}`);
      const data = Buffer.from(await response.arrayBuffer());
      const bytes = mapped.mediaAesKey ? decryptMediaFile(data, mapped.mediaAesKey) : data;
      message = { ...message, media: { bytes } };
    }
    await options.onMessage(message);
  }

  const client = createAibotWsClient({
    url: options.url,
    botId: options.botId,
    secret: options.secret,
    logger: options.logger,
    reconnectMs: options.reconnectMs,
    onStatus: options.onStatus,
    onCallback: (frame) =>
      void handle(frame).catch((error) =>
        options.logger.error({ err: error, msgid: frame.body?.msgid }, "wecom AI bot ws: message lost"),
      ),
  });
  return client;
}

import type { Server } from "node:http";
import pino, { type Logger } from "pino";
import { Input, Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { PlatformRefusedError, UnsupportedError } from "../../../base/errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../../../base/message.js";
import { type Platform, type PlatformCapabilities, type SendProgress, sendParts } from "../../platform.js";
import { createPlatformStatus } from "../../platform-status.js";
import type { TelegramPlatformConfig } from "./config.js";
import { createDownloader, TELEGRAM_MEDIA_KEEP_MS, telegramMediaRef } from "./file-download.js";
import { mapTelegramUpdate } from "./inbound-mapper.js";
import { renderTelegramOutbound, type TelegramCall } from "./outbound-renderer.js";
import { startPolling } from "./polling.js";
import { redactToken, TelegramChatMovedError, toPlatformError } from "./telegram-errors.js";
import { serverPort, startWebhookServer } from "./webhook-server.js";

export interface TelegramPlatform extends Platform {
  /** The bot's username from getMe, once started. */
  readonly botUsername: string | undefined;
  /** The webhook server's port once started in webhook mode (useful with port 0). */
  webhookPort(): number | undefined;
}

export interface TelegramPlatformDeps {
  logger?: Logger;
  clock?: () => Date;
  /** How long a photo download may take. */
  downloadTimeoutMs?: number;
  /** How long a photo whose download gets no answer is tried again before its sender is told (3 days). */
  mediaKeepMs?: number;
  /** How long a Bot API call may take (default 30 s; uploads 120 s). */
  callTimeoutMs?: number;
  /** The polling loop's wait between failed tries (tests pass a quick one). */
  pollingSleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const CAPABILITIES: PlatformCapabilities = {
  markdown: true,
  image: true,
  file: true,
  mention: true,
  // Telegram counts 4096 characters; 4096 UTF-8 bytes are never more than that. The renderer splits anyway.
  maxTextBytes: 4096,
};

/**
 * Telegram through telegraf, in polling or webhook mode. Photos and files are fetched (getFile +
 * download) before `onMessage` sees the message. Failed sends throw at once; the core's outbox retries.
 *
 * @example
 *   const telegram = createTelegramPlatform({ token, mode: "polling", apiRoot: "https://api.telegram.org" });
 *   await telegram.start((m) => pipeline.receive(m));
 *   await telegram.send({ platform: "telegram", chatId: "-1001234" }, { kind: "markdown", text: "**已上报**" });
 */
export function createTelegramPlatform(
  config: TelegramPlatformConfig,
  deps: TelegramPlatformDeps = {},
): TelegramPlatform {
  const log = (deps.logger ?? pino()).child({ platform: "telegram" });
  const clock = deps.clock ?? (() => new Date());
  const bot = new Telegraf(config.token, {
    telegram: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}) },
  });
  let botUsername: string | undefined;
  const callTimeoutMs = deps.callTimeoutMs ?? 30_000;
  const uploadTimeoutMs = Math.max(callTimeoutMs, 120_000);
  let polling: ReturnType<typeof startPolling> | undefined;
  let webhook: Server | undefined;
  const status = createPlatformStatus(clock);
  // telegraf's polling retries a failed getUpdates quietly every few seconds: watching its calls is
  // the only way to see that Telegram is out of reach, and that it is back.
  const callApi = bot.telegram.callApi.bind(bot.telegram);
  bot.telegram.callApi = (async (method: string, ...rest: unknown[]) => {
    try {
      const result = await (callApi as (m: string, ...r: unknown[]) => Promise<unknown>)(method, ...rest);
      if (method === "getUpdates" && polling) status.up();
      return result;
    } catch (error) {
      const name = (error as Error)?.name;
      if (method === "getUpdates" && name !== "AbortError") {
        status.down(toPlatformError(error, method).message);
      }
      throw error;
    }
  }) as typeof bot.telegram.callApi;

  /** Every Bot API call with a timeout: a hanging answer holds up only its own chat, and not for long. */
  async function api<T>(method: string, payload: Record<string, unknown>, ms = callTimeoutMs): Promise<T> {
    try {
      return (await (bot.telegram.callApi as (m: string, p: unknown, o: unknown) => Promise<unknown>)(
        method,
        payload,
        { signal: AbortSignal.timeout(ms) },
      )) as T;
    } catch (error) {
      throw toPlatformError(error, method);
    }
  }

  const fetchFile = createDownloader({
    api,
    token: config.token,
    apiRoot: config.apiRoot,
    timeoutMs: deps.downloadTimeoutMs ?? 60_000,
  });
  // A photo whose download gets no answer is stored with its file id and fetched again later (by the
  // core, from storage, through fetchMedia): the update is acknowledged at once, polling goes on,
  // and a restart meanwhile loses nothing.
  const mediaKeepMs = deps.mediaKeepMs ?? TELEGRAM_MEDIA_KEEP_MS;

  // Polling hands a batch of updates over at once and a photo takes two more round trips than a text:
  // one chain per chat keeps "photo, then 进展 … 拆除到位" in the order it was sent.
  const chains = new Map<string, Promise<void>>();

  function receive(update: Update, onMessage: (m: InboundMessage) => Promise<void>): Promise<void> {
    let mapped: ReturnType<typeof mapTelegramUpdate>;
    try {
      mapped = mapTelegramUpdate(update, { receivedAt: clock(), ...(botUsername ? { botUsername } : {}) });
    } catch (error) {
      // An update not shaped as the Bot API says: logged and acknowledged, never redelivered forever.
      log.warn({ err: error, updateId: update?.update_id }, "telegram update not understood, skipped");
      return Promise.resolve();
    }
    if (!mapped) return Promise.resolve();
    const key = mapped.message.chat.id;
    const next = (chains.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const { message, fetch: file } = mapped;
        if (file) {
          try {
            message.media = await fetchFile(file);
          } catch (error) {
            if (error instanceof PlatformRefusedError && !error.retryable) {
              // Refused (the file is gone, too big): the sender is told it did not arrive.
              log.error(
                { err: redactToken(error), fileId: file.fileId, messageId: message.messageId },
                "telegram file could not be fetched; the sender is asked to send it again",
              );
              await onMessage({ ...message, kind: "event", event: "media_unavailable" });
              return;
            }
            log.warn(
              { err: redactToken(error), fileId: file.fileId, messageId: message.messageId },
              "telegram file not fetched yet; kept to be fetched again",
            );
            const expiresAt = new Date(message.receivedAt.getTime() + mediaKeepMs);
            message.pendingMedia = { ref: telegramMediaRef.write(file), expiresAt };
          }
        }
        await onMessage(message);
      });
    chains.set(key, next);
    next
      .finally(() => {
        if (chains.get(key) === next) chains.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  async function call(chatId: string, c: TelegramCall): Promise<void> {
    if (c.method === "sendMessage") {
      await api("sendMessage", {
        chat_id: chatId,
        text: c.text,
        ...(c.parseMode ? { parse_mode: c.parseMode } : {}),
        link_preview_options: { is_disabled: true },
      });
    } else if (c.method === "sendPhoto") {
      await api(
        "sendPhoto",
        { chat_id: chatId, photo: Input.fromBuffer(c.bytes, c.fileName) },
        uploadTimeoutMs,
      );
    } else {
      await api(
        "sendDocument",
        { chat_id: chatId, document: Input.fromBuffer(c.bytes, c.fileName) },
        uploadTimeoutMs,
      );
    }
  }

  return {
    name: "telegram",
    capabilities: CAPABILITIES,
    get botUsername() {
      return botUsername;
    },
    webhookPort: () => (webhook ? serverPort(webhook) : undefined),

    async start(onMessage) {
      try {
        bot.botInfo = await bot.telegram.getMe();
      } catch (error) {
        throw toPlatformError(error, "getMe");
      }
      botUsername = bot.botInfo.username;
      if (config.mode === "webhook") {
        if (!config.webhook) throw new UnsupportedError("Telegram webhook 模式缺少 webhook 配置");
        const { publicUrl, ...server } = config.webhook;
        webhook = await startWebhookServer({
          ...server,
          onUpdate: (update) => receive(update, onMessage),
          log,
          onError: (error) =>
            log.error({ err: redactToken(error) }, "telegram update failed; Telegram will retry"),
        });
        if (publicUrl) {
          await bot.telegram
            .setWebhook(publicUrl, { secret_token: server.secretToken, allowed_updates: ["message"] })
            .catch((error) => {
              throw toPlatformError(error, "setWebhook");
            });
        }
        status.up();
        log.info({ port: serverPort(webhook), path: server.path }, "telegram webhook listening");
        return;
      }
      // Polling and a webhook exclude each other: as telegraf's launch() does, the webhook goes first.
      await api("deleteWebhook", {});
      // Telegram answered: up, until a long poll says otherwise.
      status.up();
      polling = startPolling({
        getUpdates: (offset, signal) =>
          (bot.telegram.callApi as (m: string, p: unknown, o: unknown) => Promise<Update[]>)(
            "getUpdates",
            { offset, timeout: 50, allowed_updates: ["message"] },
            { signal: AbortSignal.any([signal, AbortSignal.timeout(70_000)]) },
          ),
        handle: (update) => receive(update, onMessage),
        log,
        onUp: () => status.up(),
        onDown: (reason) => status.down(reason),
        describe: (error) => toPlatformError(error, "getUpdates").message,
        confirm: async (offset) => {
          await api("getUpdates", { offset, limit: 1, timeout: 0 });
        },
        ...(deps.pollingSleep ? { sleep: deps.pollingSleep } : {}),
      });
      log.info({ bot: botUsername }, "telegram polling");
    },

    async stop() {
      if (webhook) {
        const server = webhook;
        webhook = undefined;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      }
      if (polling) {
        await polling.stop();
        polling = undefined;
      }
      status.down("已停止");
    },
    status: status.get,
    fetchMedia: (ref) => fetchFile(telegramMediaRef.read(ref)),

    async send(target: OutboundTarget, message: OutboundMessage, progress?: SendProgress) {
      const chatId = target.chatId ?? target.userId;
      if (!chatId) throw new UnsupportedError("Telegram 消息需要 chatId 或 userId");
      const calls = renderTelegramOutbound(message, {
        format: config.format ?? "html",
        ...(target.mentions ? { mentions: target.mentions } : {}),
      });
      let to = chatId;
      await sendParts(calls, progress, async (c) => {
        try {
          await call(to, c);
        } catch (error) {
          // Queued before the group became a supergroup: it goes to the supergroup instead.
          if (!(error instanceof TelegramChatMovedError)) throw error;
          log.info({ from: to, to: error.movedTo }, "telegram group moved to a supergroup; sent there");
          to = error.movedTo;
          await call(to, c);
        }
      });
    },
  };
}

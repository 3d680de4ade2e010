import type { Server } from "node:http";
import pino, { type Logger } from "pino";
import { Input, Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { PlatformRefusedError, PlatformRequestError, UnsupportedError } from "../../../base/errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../../../base/message.js";
import type { Platform, PlatformCapabilities } from "../../platform.js";
import { createPlatformStatus } from "../../platform-status.js";
import type { TelegramPlatformConfig } from "./config.js";
import { mapTelegramUpdate, type TelegramFileToFetch } from "./inbound-mapper.js";
import { renderTelegramOutbound, type TelegramCall } from "./outbound-renderer.js";
import { redactToken, toPlatformError } from "./telegram-errors.js";
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
  let polling: Promise<void> | undefined;
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

  async function download(file: TelegramFileToFetch): Promise<Buffer> {
    let link: URL;
    try {
      link = await bot.telegram.getFileLink(file.fileId);
    } catch (error) {
      throw toPlatformError(error, "getFile");
    }
    let response: Response;
    try {
      response = await fetch(link, { signal: AbortSignal.timeout(deps.downloadTimeoutMs ?? 60_000) });
    } catch (error) {
      throw new PlatformRequestError("Telegram 文件下载失败（无应答）", { cause: redactToken(error) });
    }
    if (response.status >= 500)
      throw new PlatformRequestError(`Telegram 文件下载失败（HTTP ${response.status}）`);
    if (!response.ok) throw new PlatformRefusedError("Telegram 文件下载被拒绝", response.status);
    return Buffer.from(await response.arrayBuffer());
  }

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
          const bytes = await download(file);
          message.media = {
            bytes,
            ...(file.fileName ? { fileName: file.fileName } : {}),
            ...(file.mime ? { mime: file.mime } : {}),
          };
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
    try {
      if (c.method === "sendMessage") {
        await bot.telegram.sendMessage(chatId, c.text, {
          ...(c.parseMode ? { parse_mode: c.parseMode } : {}),
          link_preview_options: { is_disabled: true },
        });
      } else if (c.method === "sendPhoto") {
        await bot.telegram.sendPhoto(chatId, Input.fromBuffer(c.bytes, c.fileName));
      } else {
        await bot.telegram.sendDocument(chatId, Input.fromBuffer(c.bytes, c.fileName));
      }
    } catch (error) {
      throw toPlatformError(error, c.method);
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
      bot.use((ctx) => receive(ctx.update, onMessage));
      // Polling moves past an update whatever happens; a failure here is logged, not retried.
      bot.catch((error, ctx) =>
        log.error({ err: redactToken(error), updateId: ctx.update.update_id }, "telegram update failed"),
      );
      polling = bot.launch({ allowedUpdates: ["message"] }).catch((error) => {
        status.down(`Telegram 轮询已停止：${toPlatformError(error, "getUpdates").message}`);
        log.error({ err: redactToken(error) }, "telegram polling stopped");
      });
      status.up();
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
        bot.stop("platform stop");
        await polling;
        polling = undefined;
      }
      status.down("已停止");
    },
    status: status.get,

    async send(target: OutboundTarget, message: OutboundMessage) {
      const chatId = target.chatId ?? target.userId;
      if (!chatId) throw new UnsupportedError("Telegram 消息需要 chatId 或 userId");
      const calls = renderTelegramOutbound(message, {
        format: config.format ?? "html",
        ...(target.mentions ? { mentions: target.mentions } : {}),
      });
      for (const c of calls) await call(chatId, c);
    },
  };
}

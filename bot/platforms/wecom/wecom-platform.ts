import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Logger, pino } from "pino";
import { PlatformRefusedError, PlatformRequestError, UnsupportedError } from "../../../base/errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../../../base/message.js";
import { type Platform, type PlatformCapabilities, type SendProgress, sendParts } from "../../platform.js";
import { createPlatformStatus } from "../../platform-status.js";
import { startAibotWs } from "./aibot-ws-inbound.js";
import { createAibotWsSender } from "./aibot-ws-sender.js";
import { createWecomAppClient, type WecomAppClient } from "./api-client.js";
import { createWecomCallbackHandler } from "./callback-server.js";
import { chatIds, parseChatId } from "./chat-id.js";
import type { WecomConfig } from "./config.js";
import { createWecomCrypto } from "./crypto.js";
import { jsonPost, requestJson } from "./http.js";
import { createWecomMediaFetch, wecomMediaRef } from "./media-fetch.js";
import { OneShotReplies } from "./one-shot-replies.js";
import { renderAibotMarkdown, renderAppText, renderWebhookText } from "./render.js";
import type { Sleep } from "./retry.js";
import { createWecomWebhookClient, webhookImage } from "./webhook-client.js";

export interface WecomPlatformDeps {
  logger?: Logger;
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  timeoutMs?: number;
  /** How long stop() lets in-flight callbacks finish before closing their sockets. */
  stopGraceMs?: number;
  /** First reconnect delay of the AI bot long connection. */
  wsReconnectMs?: number;
  /** How long the long connection stays away after another one took over (default 10 min). */
  wsTakeoverPauseMs?: number;
  /** How long a push whose ack timed out waits for a late ack before it is sent again (60 s). */
  wsLateAckMs?: number;
}

export interface WecomPlatform extends Platform {
  /** Where the callback server listens (after start). */
  address(): AddressInfo | undefined;
}

const CAPABILITIES: PlatformCapabilities = {
  markdown: true,
  image: true,
  file: true,
  mention: true,
  maxTextBytes: 2048,
};

/**
 * WeCom as a Platform: the callback server (self-built app XML and AI bot JSON) on config.host/port,
 * and sending by chat id scheme (see chat-id.ts): `user:` → message/send, `aibot:`/`aibot-user:` →
 * the message's response_url once, any chat id in config.robots → that group robot's webhook,
 * `appchat:` → appchat/send.
 *
 * @example
 *   const wecom = createWecomPlatform(wecomConfigFromEnv(env), { logger });
 *   await wecom.start((m) => pipeline.receive(m));
 *   await wecom.send({ platform: "wecom", chatId: "user:zhangsan" }, { kind: "text", text: "已登记" });
 */
export function createWecomPlatform(config: WecomConfig, deps: WecomPlatformDeps = {}): WecomPlatform {
  const logger = deps.logger ?? pino({ name: "wecom" });
  const now = deps.now ?? Date.now;
  const http = { fetch: deps.fetch, timeoutMs: deps.timeoutMs };
  const app: WecomAppClient | undefined = config.app
    ? createWecomAppClient({
        ...http,
        ...config.app,
        baseUrl: config.apiBase,
        sleep: deps.sleep,
        now,
        logger,
      })
    : undefined;
  const hooks = createWecomWebhookClient({ ...http, baseUrl: config.apiBase, sleep: deps.sleep, now });
  // AI bot response_url: usable once, valid 1 hour (protocol §5.1).
  const responseUrls = new OneShotReplies(60 * 60_000, now);
  const wsSender = createAibotWsSender({ logger, now, lateAckMs: deps.wsLateAckMs });
  const appCrypto = config.app
    ? createWecomCrypto({
        token: config.app.token,
        encodingAesKey: config.app.aesKey,
        receiveId: config.app.corpId,
      })
    : undefined;
  const aibotCrypto = config.aibot
    ? createWecomCrypto({ token: config.aibot.token, encodingAesKey: config.aibot.aesKey, receiveId: "" })
    : undefined;
  // One fetch for a photo at arrival and for one kept to fetch again later (fetchMedia below).
  const fetchMedia = createWecomMediaFetch({
    ...(app ? { getMedia: (id: string) => app.getMedia(id) } : {}),
    ...(aibotCrypto ? { aibotCrypto } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  let server: Server | undefined;
  let ws: ReturnType<typeof startAibotWs> | undefined;
  // Connected once started; with the long connection, only while it is subscribed.
  const status = createPlatformStatus(() => new Date(now()));

  function requireApp(): WecomAppClient {
    if (!app) throw new PlatformRefusedError("未配置企业微信自建应用（WECOM_CORP_ID 等）", "no_app");
    return app;
  }

  async function sendApp(
    to: { user?: string; appchat?: string },
    message: OutboundMessage,
    progress?: SendProgress,
  ) {
    const api = requireApp();
    const deliver = (payload: Parameters<WecomAppClient["sendToUser"]>[1]) =>
      to.user ? api.sendToUser(to.user, payload) : api.sendToAppchat(to.appchat ?? "", payload);
    if (message.kind === "text" || message.kind === "markdown") {
      await sendParts(renderAppText(message.kind, message.text), progress, deliver);
      return;
    }
    const fileName = message.fileName ?? (message.kind === "image" ? "image.png" : "file");
    const mediaId = await api.uploadMedia(message.kind, message.bytes, fileName);
    await deliver(
      message.kind === "image"
        ? { msgtype: "image", image: { media_id: mediaId } }
        : { msgtype: "file", file: { media_id: mediaId } },
    );
  }

  async function sendRobot(
    key: string,
    message: OutboundMessage,
    mentions: string[],
    progress?: SendProgress,
  ) {
    if (message.kind === "text" || message.kind === "markdown") {
      return hooks.send(key, renderWebhookText(message.kind, message.text, mentions), progress);
    }
    if (message.kind === "image") return hooks.send(key, [webhookImage(message.bytes)]);
    const mediaId = await hooks.uploadMedia(key, message.bytes, message.fileName);
    return hooks.send(key, [{ msgtype: "file", file: { media_id: mediaId } }]);
  }

  /** Replies through the message's response_url; false when there is none to use. */
  async function sendResponseUrl(chatId: string, message: OutboundMessage): Promise<boolean> {
    if (message.kind !== "text" && message.kind !== "markdown") return false;
    const parts = renderAibotMarkdown(message.kind, message.text);
    if (parts.length !== 1) return false;
    const taken = responseUrls.take(chatId);
    if (!taken) return false;
    try {
      await requestJson(taken.value, jsonPost(parts[0]), http);
    } catch (error) {
      // Never answered: the URL is probably unused, so the outbox's retry may use it again.
      if (error instanceof PlatformRequestError) responseUrls.putBack(chatId, taken);
      // Refused (used up, expired): the group's robot, where there is one, takes the reply instead.
      if (error instanceof PlatformRefusedError && config.robots[chatId]) {
        logger.warn(
          { chatId, code: error.code },
          "wecom AI bot: response_url refused; using the group robot",
        );
        return false;
      }
      throw error;
    }
    return true;
  }

  return {
    name: "wecom",
    capabilities: CAPABILITIES,

    async start(onMessage: (message: InboundMessage) => Promise<void>) {
      const handler = createWecomCallbackHandler({
        onMessage,
        logger,
        now: () => new Date(now()),
        fetchMedia,
        ...(config.app && appCrypto ? { app: { path: config.app.path, crypto: appCrypto } } : {}),
        ...(config.aibot && aibotCrypto
          ? {
              aibot: {
                path: config.aibot.path,
                crypto: aibotCrypto,
                onResponseUrl: (chatId, url, at) => {
                  if (trustedResponseUrl(url, config.apiBase)) responseUrls.remember(chatId, url, at);
                  else logger.warn({ chatId }, "wecom AI bot: response_url on an unexpected host ignored");
                },
              },
            }
          : {}),
      });
      if (config.aibotWs) {
        ws = startAibotWs({
          ...config.aibotWs,
          onMessage,
          onWelcomeTicket: (chatId, reqId, at) => wsSender.rememberWelcome(chatId, reqId, at),
          onReplyTicket: (msgId, reqId, at) => wsSender.rememberMessage(msgId, reqId, at),
          logger,
          now: () => new Date(now()),
          fetchMedia,
          sleep: deps.sleep,
          reconnectMs: deps.wsReconnectMs,
          takeoverPauseMs: deps.wsTakeoverPauseMs,
          onStatus: (connected, reason) => (connected ? status.up() : status.down(reason ?? "长连接已断开")),
        });
        wsSender.attach(ws);
        await ws.start();
      }
      // Only the callback modes need an HTTP server; robots and the long connection do not.
      if (!config.app && !config.aibot) {
        if (!config.aibotWs) status.up();
        return;
      }
      server = createServer(handler);
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(config.port, config.host, () => {
          s.off("error", reject);
          resolve();
        });
      });
      if (!config.aibotWs) status.up();
      logger.info(
        { host: config.host, port: (s.address() as AddressInfo).port },
        "wecom callback server listening",
      );
    },
    status: status.get,
    fetchMedia: (ref) => fetchMedia(wecomMediaRef.read(ref)),

    async stop() {
      await ws?.stop();
      ws = undefined;
      status.down("已停止");
      const s = server;
      server = undefined;
      if (!s) return;
      // In-flight callbacks get a grace period; then the remaining sockets are cut (WeCom retries).
      const sweep = setInterval(() => s.closeIdleConnections(), 50);
      const cut = setTimeout(() => s.closeAllConnections(), deps.stopGraceMs ?? 2000);
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
      clearInterval(sweep);
      clearTimeout(cut);
    },

    async send(target: OutboundTarget, message: OutboundMessage, progress?: SendProgress) {
      const chatId = target.chatId ?? (target.userId ? chatIds.user(target.userId) : undefined);
      if (!chatId) throw new PlatformRefusedError("发送目标为空", "no_target");
      const parsed = parseChatId(chatId);
      if (parsed.scheme === "user") return sendApp({ user: parsed.id }, message, progress);
      if (parsed.scheme === "aibot" || parsed.scheme === "aibot-user") {
        if (await wsSender.send(chatId, parsed.id, message, progress, target.replyTo)) return;
        if (!progress?.done && (await sendResponseUrl(chatId, message))) return;
      }
      const robotKey = config.robots[chatId];
      if (robotKey) return sendRobot(robotKey, message, target.mentions ?? [], progress);
      if (parsed.scheme === "appchat") return sendApp({ appchat: parsed.id }, message, progress);
      if (parsed.scheme === "aibot" || parsed.scheme === "aibot-user") {
        if (config.aibotWs) {
          // Reconnecting: the outbox retries once the long connection is back.
          throw new PlatformRequestError("企业微信智能机器人长连接未连接");
        }
        if (message.kind === "image" || message.kind === "file") {
          throw new UnsupportedError(
            "智能机器人（回调方式）只能回复文字：请改用长连接（WECOM_AIBOT_BOT_ID、WECOM_AIBOT_SECRET），或为该群配置群机器人（WECOM_ROBOT_WEBHOOKS）",
          );
        }
        throw new PlatformRefusedError(
          `智能机器人会话 ${chatId} 没有可用的回复地址（已用过或超过 1 小时）`,
          "no_response_url",
        );
      }
      throw new PlatformRefusedError(`企业微信没有发往 ${chatId} 的途径`, "no_route");
    },

    address() {
      const a = server?.address();
      return a && typeof a === "object" ? a : undefined;
    },
  };
}

/** response_url comes inside a signed, encrypted callback; still, post only to WeCom's own hosts. */
function trustedResponseUrl(url: string, apiBase: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.origin === new URL(apiBase).origin ||
      (u.protocol === "https:" && u.hostname.endsWith(".weixin.qq.com"))
    );
  } catch {
    return false;
  }
}

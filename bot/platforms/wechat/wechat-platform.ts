import pino, { type Logger } from "pino";
import type { ContactInterface, MessageInterface, RoomInterface, WechatyInterface } from "wechaty/impls";
import { PlatformRefusedError, PlatformRequestError, UnsupportedError } from "../../../base/errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../../../base/message.js";
import { type Platform, type PlatformCapabilities, type SendProgress, sendParts } from "../../platform.js";
import { createPlatformStatus } from "../../platform-status.js";
import type { WechatPlatformConfig } from "./config.js";
import {
  mapWechatMessage,
  needsFile,
  WECHAT_MESSAGE_TYPE,
  type WechatMessageFields,
} from "./inbound-mapper.js";
import { renderWechatOutbound, WECHAT_TEXT_LIMIT } from "./outbound-renderer.js";

export interface WechatPlatformDeps {
  logger?: Logger;
  clock?: () => Date;
}

export interface WechatPlatform extends Platform {
  /** The running wechaty, once started (for a login QR page or diagnostics). */
  readonly wechaty: WechatyInterface | undefined;
}

const CAPABILITIES: PlatformCapabilities = {
  markdown: false,
  image: true,
  file: true,
  mention: true,
  maxTextBytes: WECHAT_TEXT_LIMIT,
};

/**
 * Personal WeChat through wechaty. wechaty (~166 MB) is an optional dependency, loaded only here,
 * when the platform starts. Rooms are group chats, contacts private chats; images and files are read
 * into memory before `onMessage` sees the message.
 *
 * @example
 *   const wechat = createWechatPlatform({ puppet: "wechaty-puppet-service", puppetToken, name: "huanbao-bot" });
 *   await wechat.start((m) => pipeline.receive(m));   // log in by scanning the QR code printed in the log
 *   await wechat.send({ platform: "wechat", chatId: "123@chatroom" }, { kind: "text", text: "收到" });
 */
export function createWechatPlatform(
  config: WechatPlatformConfig,
  deps: WechatPlatformDeps = {},
): WechatPlatform {
  const log = (deps.logger ?? pino()).child({ platform: "wechat" });
  const clock = deps.clock ?? (() => new Date());
  let bot: WechatyInterface | undefined;
  // Connected while the account is logged in: before the QR code is scanned nothing gets through.
  const status = createPlatformStatus(clock);
  let fileBox: typeof import("file-box").FileBox | undefined;

  async function readFields(m: MessageInterface): Promise<WechatMessageFields> {
    const room = m.room();
    const talker = m.talker();
    const fields: WechatMessageFields = {
      id: m.id,
      type: m.type(),
      text: m.text(),
      talker: { id: talker.id, ...(talker.name() ? { name: talker.name() } : {}) },
    };
    if (room) {
      const topic = await room.topic().catch(() => undefined);
      fields.room = { id: room.id, ...(topic ? { topic } : {}) };
    }
    const selfName = bot?.isLoggedIn ? bot.currentUser.name() : undefined;
    if (selfName) fields.selfName = selfName;
    if (fields.type === WECHAT_MESSAGE_TYPE.Location) {
      const location = await m.toLocation();
      const label = [location.name(), location.address()].filter(Boolean).join(" ");
      fields.location = { lat: location.latitude(), lng: location.longitude(), ...(label ? { label } : {}) };
    }
    return fields;
  }

  async function receive(
    m: MessageInterface,
    onMessage: (m: InboundMessage) => Promise<void>,
  ): Promise<void> {
    if (m.self()) return;
    const fields = await readFields(m);
    const message = mapWechatMessage(fields, clock());
    if (!message) return;
    if (needsFile(fields.type)) {
      const box = await m.toFileBox();
      message.media = {
        bytes: await box.toBuffer(),
        ...(box.name ? { fileName: box.name } : {}),
        ...(box.mediaType ? { mime: box.mediaType } : {}),
      };
    }
    await onMessage(message);
  }

  async function conversation(target: OutboundTarget): Promise<RoomInterface | ContactInterface> {
    if (!bot) throw new PlatformRequestError("微信尚未启动");
    const id = target.chatId ?? target.userId;
    if (!id) throw new UnsupportedError("微信消息需要 chatId 或 userId");
    // Every puppet names rooms "<digits>@chatroom"; anything else is a contact.
    const found = id.endsWith("@chatroom") ? await bot.Room.find({ id }) : await bot.Contact.find({ id });
    if (!found) throw new PlatformRefusedError(`找不到微信群或联系人：${id}`, "not_found");
    return found;
  }

  return {
    name: "wechat",
    capabilities: CAPABILITIES,
    get wechaty() {
      return bot;
    },

    async start(onMessage) {
      const { WechatyBuilder, qrcodeValueToImageUrl } = await import("wechaty").catch((error) => {
        throw new UnsupportedError("未安装 wechaty：请运行 npm install（不要加 --omit=optional）", {
          cause: error,
        });
      });
      fileBox = (await import("file-box")).FileBox;
      const options = config.puppetInstance
        ? { name: config.name, puppet: config.puppetInstance as never }
        : {
            name: config.name,
            puppet: config.puppet as never,
            ...(config.puppetToken ? { puppetOptions: { token: config.puppetToken } } : {}),
          };
      bot = WechatyBuilder.build(options);
      status.down("等待扫码登录");
      bot.on("scan", (qrcode, status) => {
        // The operator logs in by scanning this; it is shown in the log only at the moment of login.
        log.info({ status, qr: qrcodeValueToImageUrl(qrcode) }, "wechat scan");
      });
      bot.on("login", (user) => {
        status.up();
        log.info({ user: user.name() }, "wechat login");
      });
      bot.on("logout", (user) => {
        status.down("微信账号已登出，需重新扫码登录");
        log.warn({ user: user.name() }, "wechat logout");
      });
      bot.on("error", (error) => log.warn({ err: error }, "wechat error"));
      // One chain per chat: an image takes longer to read than a text and must not be overtaken by it.
      const chains = new Map<string, Promise<void>>();
      // Every inbound event is handled under a guard: a puppet's malformed payload is logged, never thrown.
      bot.on("message", (m) => {
        try {
          const key = m.room()?.id ?? m.talker().id;
          const next = (chains.get(key) ?? Promise.resolve())
            .then(() => receive(m, onMessage))
            .catch((error) => log.error({ err: error, messageId: m.id }, "wechat message failed"))
            .finally(() => {
              if (chains.get(key) === next) chains.delete(key);
            });
          chains.set(key, next);
        } catch (error) {
          log.error({ err: error }, "wechat message not understood");
        }
      });
      // The bot invited into a group: the core greets it (and says whether it is bound yet).
      bot.on("room-join", (room, invitees, inviter, date) => {
        void (async () => {
          if (!invitees.some((c) => c.self())) return;
          const topic = await room.topic().catch(() => undefined);
          const at = date ?? clock();
          await onMessage({
            platform: "wechat",
            // A join has no message id; the room and the moment name it (a repeated event dedupes).
            messageId: `${room.id}:joined:${at.getTime()}`,
            chat: { id: room.id, kind: "group", ...(topic ? { title: topic } : {}) },
            sender: { id: inviter.id, ...(inviter.name() ? { name: inviter.name() } : {}) },
            kind: "event",
            event: "bot_added",
            receivedAt: clock(),
          });
        })().catch((error) => log.error({ err: error, room: room.id }, "wechat room join failed"));
      });
      await bot.start();
    },

    async stop() {
      const running = bot;
      bot = undefined;
      if (running) await running.stop();
      status.down("已停止");
    },
    status: status.get,

    async send(target, message: OutboundMessage, progress?: SendProgress) {
      const to = await conversation(target);
      const mentions: ContactInterface[] = [];
      if (target.mentions?.length && "topic" in to && bot) {
        for (const id of target.mentions) {
          const contact = await bot.Contact.find({ id });
          if (contact) mentions.push(contact);
        }
      }
      // A long reply goes in parts; a retry after a failed part starts at that part (each shown once).
      await sendParts(renderWechatOutbound(message), progress, async (say, index) => {
        try {
          if (say.kind === "text") {
            const withMentions = index === 0 && mentions.length > 0 && "topic" in to;
            await (withMentions ? (to as RoomInterface).say(say.text, ...mentions) : to.say(say.text));
          } else {
            if (!fileBox) throw new PlatformRequestError("微信尚未启动");
            // Base64 boxes serialize over every puppet (the service puppet's gRPC, the mock's cache).
            await to.say(fileBox.fromBase64(say.bytes.toString("base64"), say.fileName));
          }
        } catch (error) {
          if (error instanceof PlatformRequestError) throw error;
          throw new PlatformRequestError(`微信发送失败：${(error as Error).message}`, { cause: error });
        }
      });
    },
  };
}

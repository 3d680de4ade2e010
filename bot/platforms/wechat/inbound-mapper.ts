import { takeMention } from "../../../base/mention.js";
import type { InboundMessage } from "../../../base/message.js";

/**
 * wechaty-puppet's `types.Message` values, copied so this file loads without wechaty (an optional
 * dependency). A test checks them against the installed wechaty.
 */
export const WECHAT_MESSAGE_TYPE = {
  Unknown: 0,
  Attachment: 1,
  Audio: 2,
  Contact: 3,
  Emoticon: 5,
  Image: 6,
  Text: 7,
  Location: 8,
  Video: 15,
} as const;

/** What the adapter reads from one wechaty Message (see `readWechatMessage`), as plain data. */
export interface WechatMessageFields {
  id: string;
  type: number;
  text: string;
  talker: { id: string; name?: string };
  room?: { id: string; topic?: string };
  location?: { lat: number; lng: number; label?: string };
  /** The logged-in account's display name, to find "@机器人" in rooms (wherever it is) and take it out. */
  selfName?: string;
}

/**
 * Maps a wechaty message's fields to a neutral message. Pure. Rooms are group chats (room id),
 * one-to-one talks are private chats (the contact's id). Returns undefined for what the core does not
 * handle (voice, video, stickers, cards, recalls …); images and files come without `media`, which
 * the adapter fills from `message.toFileBox()` before handing the message on.
 *
 * @example
 *   mapWechatMessage({ id: "m1", type: 7, text: "@环保助手 上报 …", talker: { id: "wxid_a" },
 *     room: { id: "123@chatroom", topic: "古荥镇群" }, selfName: "环保助手" }, new Date())
 */
export function mapWechatMessage(fields: WechatMessageFields, receivedAt: Date): InboundMessage | undefined {
  const base = {
    platform: "wechat",
    messageId: fields.id,
    chat: fields.room
      ? {
          id: fields.room.id,
          kind: "group" as const,
          ...(fields.room.topic ? { title: fields.room.topic } : {}),
        }
      : { id: fields.talker.id, kind: "private" as const },
    sender: { id: fields.talker.id, ...(fields.talker.name ? { name: fields.talker.name } : {}) },
    receivedAt,
  };
  switch (fields.type) {
    case WECHAT_MESSAGE_TYPE.Text: {
      const spoken = fields.room ? takeMention(fields.text, fields.selfName) : undefined;
      const text = spoken?.text ?? fields.text;
      // In a room with the account's name known, whether the bot was mentioned is known either way.
      const mentioned = spoken && fields.selfName ? { mentioned: spoken.mentioned } : {};
      return text.trim() === "" ? undefined : { ...base, kind: "text", text, ...mentioned };
    }
    case WECHAT_MESSAGE_TYPE.Image:
      return { ...base, kind: "image" };
    case WECHAT_MESSAGE_TYPE.Attachment:
      return { ...base, kind: "file" };
    case WECHAT_MESSAGE_TYPE.Location:
      return fields.location ? { ...base, kind: "location", location: fields.location } : undefined;
    default:
      return undefined;
  }
}

/**
 * WeChat puts "@name" plus a four-per-em space (U+2005) where someone @s the bot: first, or anywhere
 * in the text (古荥这周拆了几家 @环保助手). The text without it.
 */
export function stripSelfMention(text: string, selfName: string | undefined): string {
  return takeMention(text, selfName).text;
}

/** Whether the adapter must fetch the message's file before handing it on. */
export function needsFile(type: number): boolean {
  return type === WECHAT_MESSAGE_TYPE.Image || type === WECHAT_MESSAGE_TYPE.Attachment;
}

import type { Message, Update } from "telegraf/types";
import { takeMention } from "../../../base/mention.js";
import type { InboundMessage } from "../../../base/message.js";
import { rewriteSlashCommand } from "./slash-aliases.js";

/** A file the adapter must fetch (getFile + download) before handing the message to the core. */
export interface TelegramFileToFetch {
  fileId: string;
  fileName?: string;
  mime?: string;
  size?: number;
}

export interface MappedTelegramUpdate {
  /** The neutral message, still without `media`; the adapter fills it from `fetch`. */
  message: InboundMessage;
  fetch?: TelegramFileToFetch;
}

export interface TelegramMapOptions {
  /** The bot's own username (from getMe), to accept `/report@this_bot` and ignore other bots' commands. */
  botUsername?: string;
  receivedAt: Date;
}

/**
 * Maps one raw Bot API update to a neutral message. Pure: no network, no clock.
 * Returns undefined for what the core does not handle (edits, channel posts, service messages),
 * except the service messages the core answers: this bot added to a group (event "bot_added"), a group
 * upgraded to a supergroup (events "chat_moved_to" / "chat_moved_from", the other chat's id as text).
 *
 * @example
 *   const mapped = mapTelegramUpdate(update, { botUsername: "huanbao_bot", receivedAt: new Date() });
 *   if (mapped?.fetch) mapped.message.media = { bytes: await download(mapped.fetch.fileId) };
 */
export function mapTelegramUpdate(
  update: Update,
  options: TelegramMapOptions,
): MappedTelegramUpdate | undefined {
  if (!("message" in update) || !update.message) return undefined;
  const raw = update.message;
  if (raw.from?.is_bot) return undefined;
  const base = baseOf(raw, options.receivedAt);
  const spoken = spokenTo(raw, options.botUsername);
  // In a group with the bot's username known, whether it was mentioned is known either way.
  const group = raw.chat.type !== "private";
  const addressed = spoken.mentioned
    ? { mentioned: true }
    : group && options.botUsername
      ? { mentioned: false }
      : {};
  const caption = spoken.caption ? rewriteSlashCommand(spoken.caption, options.botUsername) : undefined;

  // A group upgraded to a supergroup: announced in the old chat (migrate_to_chat_id) and the new one
  // (migrate_from_chat_id); the core moves the group's binding to the new id.
  if ("migrate_to_chat_id" in raw) {
    return {
      message: { ...base, kind: "event", event: "chat_moved_to", text: String(raw.migrate_to_chat_id) },
    };
  }
  if ("migrate_from_chat_id" in raw) {
    return {
      message: { ...base, kind: "event", event: "chat_moved_from", text: String(raw.migrate_from_chat_id) },
    };
  }
  if ("new_chat_members" in raw) {
    const me = options.botUsername?.toLowerCase();
    const added = raw.new_chat_members.some((m) => m.is_bot && m.username?.toLowerCase() === me);
    return added && me ? { message: { ...base, kind: "event", event: "bot_added" } } : undefined;
  }
  if ("text" in raw) {
    const text = rewriteSlashCommand(spoken.text ?? raw.text, options.botUsername);
    return { message: { ...base, kind: "text", text, ...addressed } };
  }
  if ("photo" in raw && raw.photo.length > 0) {
    // Sizes come smallest first; the last is the original resolution.
    const largest = raw.photo.reduce((a, b) => (area(b) >= area(a) ? b : a));
    return {
      message: { ...base, kind: "image", ...(caption ? { text: caption } : {}), ...addressed },
      fetch: { fileId: largest.file_id, mime: "image/jpeg", ...sizeOf(largest.file_size) },
    };
  }
  if ("document" in raw) {
    const doc = raw.document;
    const isImage = (doc.mime_type ?? "").startsWith("image/");
    return {
      message: {
        ...base,
        kind: isImage ? "image" : "file",
        ...(caption ? { text: caption } : {}),
        ...addressed,
      },
      fetch: {
        fileId: doc.file_id,
        ...(doc.file_name ? { fileName: doc.file_name } : {}),
        ...(doc.mime_type ? { mime: doc.mime_type } : {}),
        ...sizeOf(doc.file_size),
      },
    };
  }
  if ("location" in raw) {
    const venue = "venue" in raw ? raw.venue : undefined;
    const label = venue ? [venue.title, venue.address].filter(Boolean).join(" ") : undefined;
    return {
      message: {
        ...base,
        kind: "location",
        location: { lat: raw.location.latitude, lng: raw.location.longitude, ...(label ? { label } : {}) },
      },
    };
  }
  return undefined;
}

/**
 * Whether the message speaks to this bot, and its text or caption without the @-mention: the mention may
 * stand anywhere (古荥这周拆了几家 @huanbao_bot), and a reply to one of the bot's own messages speaks to
 * it too (Telegram delivers those to a bot in privacy mode, as it does mentions).
 */
function spokenTo(
  raw: Message,
  botUsername: string | undefined,
): { mentioned: boolean; text?: string; caption?: string } {
  const me = botUsername?.toLowerCase();
  const reply = "reply_to_message" in raw ? raw.reply_to_message : undefined;
  const repliedTo = Boolean(me && reply?.from?.is_bot && reply.from.username?.toLowerCase() === me);
  const own = "text" in raw ? raw.text : "caption" in raw ? raw.caption : undefined;
  const found = own === undefined ? { mentioned: false, text: undefined } : takeMention(own, botUsername);
  const mentioned = repliedTo || found.mentioned;
  if ("text" in raw) return { mentioned, ...(found.text !== undefined ? { text: found.text } : {}) };
  return { mentioned, ...(found.text ? { caption: found.text } : {}) };
}

function baseOf(raw: Message, receivedAt: Date): Omit<InboundMessage, "kind"> {
  const chat = raw.chat;
  const isPrivate = chat.type === "private";
  const title = "title" in chat ? chat.title : undefined;
  const from = raw.from;
  const name = from
    ? [from.first_name, from.last_name].filter(Boolean).join(" ") || from.username
    : undefined;
  return {
    platform: "telegram",
    // message_id is unique per chat only; a redelivered update maps to the same id and is deduped.
    messageId: `${chat.id}:${raw.message_id}`,
    chat: { id: String(chat.id), kind: isPrivate ? "private" : "group", ...(title ? { title } : {}) },
    // Anonymous group admins post without `from`; the chat stands in for the sender.
    sender: { id: String(from?.id ?? chat.id), ...(name ? { name } : {}) },
    receivedAt,
  };
}

function area(size: { width: number; height: number }): number {
  return size.width * size.height;
}

function sizeOf(size: number | undefined): { size?: number } {
  return size === undefined ? {} : { size };
}

import type { InboundMessage } from "../../../base/message.js";
import { chatIds } from "./chat-id.js";
import { type XmlRecord, xmlText } from "./xml.js";

/** A mapped message plus what the adapter must still fetch (WeCom media ids expire in 3 days). */
export interface MappedInbound {
  message: InboundMessage;
  /** media/get id to fetch before handing the message on. */
  mediaId?: string;
  /** A URL to download (AI bot images; encrypted with the callback key). */
  mediaUrl?: string;
}

const EVENTS = new Set(["subscribe", "unsubscribe", "enter_agent", "click", "view"]);

/**
 * Maps a decrypted self-built-app callback (XML) to an InboundMessage. Pure. Returns undefined for
 * kinds the bot does not use (voice, video, link, unknown events); the caller acknowledges them.
 * A file (MsgType file + MediaId) is fetched with media/get like an image.
 * Dedupe keys follow WeCom: MsgId for messages, FromUserName + CreateTime for events.
 */
export function mapAppCallback(raw: XmlRecord, receivedAt: Date): MappedInbound | undefined {
  const from = xmlText(raw, "FromUserName");
  const msgType = xmlText(raw, "MsgType");
  const createTime = xmlText(raw, "CreateTime") ?? "";
  if (!from || !msgType) return undefined;
  const base = {
    platform: "wecom",
    chat: { id: chatIds.user(from), kind: "private" as const },
    sender: { id: from },
    receivedAt,
  };
  const msgId = xmlText(raw, "MsgId");

  switch (msgType) {
    case "text": {
      if (!msgId) return undefined;
      return { message: { ...base, messageId: msgId, kind: "text", text: xmlText(raw, "Content") ?? "" } };
    }
    case "image": {
      const mediaId = xmlText(raw, "MediaId");
      if (!msgId || !mediaId) return undefined;
      return { message: { ...base, messageId: msgId, kind: "image" }, mediaId };
    }
    case "file": {
      // Not in WeCom's list of app message types (protocol §3.1: files reach the bot through the AI
      // bot's single chat), but a file with a MediaId is fetched like an image if one ever comes.
      const mediaId = xmlText(raw, "MediaId");
      if (!msgId || !mediaId) return undefined;
      return { message: { ...base, messageId: msgId, kind: "file" }, mediaId };
    }
    case "location": {
      const lat = Number(xmlText(raw, "Location_X"));
      const lng = Number(xmlText(raw, "Location_Y"));
      if (!msgId || !Number.isFinite(lat) || !Number.isFinite(lng)) return undefined;
      const label = xmlText(raw, "Label") || undefined;
      return { message: { ...base, messageId: msgId, kind: "location", location: { lat, lng, label } } };
    }
    case "event": {
      const event = xmlText(raw, "Event");
      if (!event || !EVENTS.has(event)) return undefined;
      const eventKey = xmlText(raw, "EventKey");
      return {
        message: {
          ...base,
          messageId: `${from}:${createTime}:${event}`,
          kind: "event",
          event,
          ...(eventKey ? { text: eventKey } : {}),
        },
      };
    }
    default:
      return undefined;
  }
}

import { takeOnlyMention } from "../../../base/mention.js";
import type { InboundMessage } from "../../../base/message.js";
import { chatIds } from "./chat-id.js";
import type { MappedInbound } from "./inbound-app.js";

export interface MappedAibot extends MappedInbound {
  /** One-shot reply URL, valid 1 hour. */
  responseUrl?: string;
  /** Long-connection mode: the media file's own AES key (base64); HTTP mode uses the callback key. */
  mediaAesKey?: string;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * Maps a decrypted AI bot (智能机器人) callback (JSON) to an InboundMessage. Pure. Returns undefined
 * for stream-refresh polls and kinds the bot does not use. Dedupe key: msgid.
 */
export function mapAibotCallback(raw: unknown, receivedAt: Date): MappedAibot | undefined {
  const m = obj(raw);
  const msgId = str(m.msgid);
  const userId = str(obj(m.from).userid);
  const msgType = str(m.msgtype);
  if (!msgId || !userId || !msgType) return undefined;
  const group = m.chattype === "group" && typeof m.chatid === "string" && m.chatid !== "";
  const base: Omit<InboundMessage, "kind"> = {
    platform: "wecom",
    messageId: msgId,
    chat: group
      ? { id: chatIds.aibot(m.chatid as string), kind: "group" }
      : { id: chatIds.aibotUser(userId), kind: "private" },
    sender: { id: userId },
    // In a group the AI bot is sent only what @-mentions it (and the mention is taken out of the text).
    ...(group ? { mentioned: true } : {}),
    receivedAt,
  };
  const responseUrl = str(m.response_url);
  const withUrl = (x: MappedInbound): MappedAibot => (responseUrl ? { ...x, responseUrl } : x);
  // Group text carries the @-mention of the bot: first ("@RobotA 你好") or anywhere ("你好 @RobotA").
  const clean = (t: string) => (group ? takeOnlyMention(t) : t.trim());

  switch (msgType) {
    case "text":
      return withUrl({ message: { ...base, kind: "text", text: clean(str(obj(m.text).content) ?? "") } });
    case "voice":
      return withUrl({ message: { ...base, kind: "text", text: clean(str(obj(m.voice).content) ?? "") } });
    case "image": {
      const url = str(obj(m.image).url);
      const key = str(obj(m.image).aeskey);
      return url
        ? withUrl({
            message: { ...base, kind: "image" },
            mediaUrl: url,
            ...(key ? { mediaAesKey: key } : {}),
          })
        : undefined;
    }
    case "file": {
      // No file name comes with it: the ledger importer recognises a workbook by its content. Over the
      // long connection the file is encrypted with its own aeskey (protocol §5.2).
      const url = str(obj(m.file).url);
      const key = str(obj(m.file).aeskey);
      return url
        ? withUrl({ message: { ...base, kind: "file" }, mediaUrl: url, ...(key ? { mediaAesKey: key } : {}) })
        : undefined;
    }
    case "mixed": {
      const items = Array.isArray(obj(m.mixed).msg_item) ? (obj(m.mixed).msg_item as unknown[]) : [];
      const texts = items.map((i) => str(obj(obj(i).text).content)).filter((t): t is string => !!t);
      const image = items.map((i) => obj(obj(i).image)).find((img) => !!str(img.url));
      const imageUrl = str(image?.url);
      const imageKey = str(image?.aeskey);
      const text = clean(texts.join("\n"));
      const message: InboundMessage = { ...base, kind: imageUrl ? "image" : "text", text };
      return withUrl(
        imageUrl
          ? { message, mediaUrl: imageUrl, ...(imageKey ? { mediaAesKey: imageKey } : {}) }
          : { message },
      );
    }
    case "event": {
      const event = str(obj(m.event).eventtype);
      if (event !== "enter_chat") return undefined;
      return withUrl({ message: { ...base, kind: "event", event } });
    }
    default:
      // "stream" is WeCom polling a stream we never start; nothing to hand on.
      return undefined;
  }
}

/**
 * Platform-neutral messages. A platform adapter maps its raw payload to an InboundMessage
 * (a pure function per platform) and renders an OutboundMessage in its own dialect.
 */

export const CHAT_KINDS = ["group", "private"] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

export const INBOUND_KINDS = ["text", "image", "location", "file", "event"] as const;

export interface InboundMessage {
  /** 'console' | 'wecom' | 'telegram' | 'wechat' … */
  platform: string;
  /** The platform's own id for this message; (platform, messageId) is unique and dedupes redelivery. */
  messageId: string;
  /**
   * How the platform answers this message, where that is not its id (WeCom's AI bot long connection:
   * the callback's req_id). Stored with it; replies carry it as `OutboundTarget.replyTo`.
   */
  replyRef?: string;
  chat: { id: string; kind: ChatKind; title?: string };
  sender: { id: string; name?: string };
  kind: (typeof INBOUND_KINDS)[number];
  text?: string;
  /** Photo or file bytes, fetched by the adapter at once (WeCom media ids expire after 3 days). */
  media?: FetchedMedia;
  /**
   * A photo or file the adapter could not fetch yet (the platform did not answer): the core stores
   * the message with this reference and fetches it later through the platform's `fetchMedia`, from
   * whichever instance holds it, until `expiresAt` — then the sender is told it did not arrive.
   */
  pendingMedia?: PendingMedia;
  location?: { lat: number; lng: number; label?: string };
  /** For kind 'event': subscribe, enter_agent, bot_added, chat_moved_to / chat_moved_from (the other chat id as text) … */
  event?: string;
  /**
   * In a group: the bot was @-mentioned (true; the platform took the mention out of `text`), or the
   * platform knows it was not (false: it knows the bot's own name, so a leading @ is someone else's).
   * Absent: not known.
   */
  mentioned?: boolean;
  receivedAt: Date;
}

/** A photo or file's bytes, as a platform hands them over. */
export interface FetchedMedia {
  bytes: Buffer;
  fileName?: string;
  mime?: string;
}

/** How to fetch a photo or file later: the platform's own reference, and how long it works. */
export interface PendingMedia {
  /** Opaque to the core: the platform reads it back in `fetchMedia` (a file id, a media id, a URL). */
  ref: string;
  /** When the platform's reference stops working (WeCom media id 3 days, AI bot URL 5 minutes). */
  expiresAt: Date;
}

export type OutboundMessage =
  | { kind: "text"; text: string }
  | { kind: "markdown"; text: string }
  | { kind: "image"; bytes: Buffer; fileName?: string }
  | { kind: "file"; bytes: Buffer; fileName: string };

/** Where an outbound message goes: a chat, or one person privately. */
export interface OutboundTarget {
  platform: string;
  chatId?: string;
  userId?: string;
  /** Platform user ids to @-mention where the platform allows it. */
  mentions?: string[];
  /**
   * The message this answers (its InboundMessage.replyRef, else its messageId), where a platform
   * answers a message differently from a push (WeCom's AI bot: aibot_respond_msg with its req_id).
   */
  replyTo?: string;
}

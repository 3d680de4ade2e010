import type { InboundMessage } from "../base/message.js";
import type { Db } from "./db.js";
import { sqlOf } from "./sql.js";

export interface StoredInbound {
  id: number;
  platform: string;
  messageId: string;
  chatExternalId: string;
  chatKind: "group" | "private";
  chatTitle: string | null;
  senderExternalId: string;
  senderName: string | null;
  kind: InboundMessage["kind"];
  text: string | null;
  mediaSha256: string | null;
  fileName: string | null;
  location: InboundMessage["location"] | null;
  event: string | null;
  receivedAt: string;
  status: "pending" | "done" | "failed";
  attempts: number;
}

// biome-ignore lint/suspicious/noExplicitAny: a raw row from either engine
const toStored = (r: any): StoredInbound => ({
  id: r.id,
  platform: r.platform,
  messageId: r.message_id,
  chatExternalId: r.chat_external_id,
  chatKind: r.chat_kind,
  chatTitle: r.chat_title,
  senderExternalId: r.sender_external_id,
  senderName: r.sender_name,
  kind: r.kind,
  text: r.text,
  mediaSha256: r.media_sha256,
  fileName: r.file_name,
  location: r.location_json ? JSON.parse(r.location_json) : null,
  event: r.event,
  receivedAt: r.received_at,
  status: r.status,
  attempts: Number(r.attempts),
});

/** Inbound messages are stored before they are handled; (platform, message_id) is unique. */
export function createInboundRepo(db: Db) {
  // store and claim run for every message: plain SQL (storage/sql.ts).
  const sql = sqlOf(db);
  return {
    /** Stores a message; returns null when this message was stored before (a redelivery). */
    async store(m: InboundMessage, mediaSha256: string | null): Promise<StoredInbound | null> {
      const [stored] = await this.storeMany([{ message: m, mediaSha256 }]);
      return stored ?? null;
    },
    /**
     * Stores messages in one statement (one commit for a burst); each result is null when that
     * message was stored before, or earlier in the same burst.
     */
    async storeMany(
      items: { message: InboundMessage; mediaSha256: string | null }[],
    ): Promise<(StoredInbound | null)[]> {
      if (items.length === 0) return [];
      const rows = items.map(({ message: m, mediaSha256 }) => ({
        platform: m.platform,
        message_id: m.messageId,
        chat_external_id: m.chat.id,
        chat_kind: m.chat.kind,
        chat_title: m.chat.title ?? null,
        sender_external_id: m.sender.id,
        sender_name: m.sender.name ?? null,
        kind: m.kind,
        text: m.text ?? null,
        media_sha256: mediaSha256,
        file_name: m.media?.fileName ?? null,
        location_json: m.location ? JSON.stringify(m.location) : null,
        event: m.event ?? null,
        received_at: m.receivedAt.toISOString(),
        status: "pending",
      }));
      const columns = Object.keys(rows[0]!);
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      const stored = await sql.all(
        `insert into inbound_messages (${columns.join(", ")}) values ${rows.map(() => tuple).join(", ")}
         on conflict (platform, message_id) do nothing returning *`,
        rows.flatMap((r) => Object.values(r)),
      );
      const inserted = new Map(stored.map((r) => [`${r.platform}\u0000${r.message_id}`, toStored(r)]));
      // The first of two copies in one burst gets the row; the second is a redelivery.
      return items.map(({ message: m }) => {
        const key = `${m.platform}\u0000${m.messageId}`;
        const row = inserted.get(key);
        inserted.delete(key);
        return row ?? null;
      });
    },
    async byId(id: number): Promise<StoredInbound | undefined> {
      const row = await db("inbound_messages").where({ id }).first();
      return row ? toStored(row) : undefined;
    },
    async pendingIds(): Promise<number[]> {
      const rows = await db("inbound_messages").select("id").where({ status: "pending" }).orderBy("id");
      return rows.map((r) => r.id);
    },
    /**
     * Claims a pending message by marking it done (inside the handling transaction, so a crash
     * rolls the mark back). False when another worker got there first.
     */
    async claim(id: number, at: string): Promise<boolean> {
      const changed = await sql.run(
        "update inbound_messages set status = 'done', handled_at = ?, attempts = attempts + 1 where id = ? and status = 'pending'",
        [at, id],
      );
      return changed === 1;
    },
    async markFailed(id: number, at: string, error: string): Promise<void> {
      await db("inbound_messages")
        .where({ id })
        .update({ status: "failed", handled_at: at, error: error.slice(0, 2000) });
    },
  };
}

import { z } from "zod";
import { CHAT_KINDS, INBOUND_KINDS, type InboundMessage } from "../base/message.js";
import { withoutControlCharacters } from "../domain/text-limits.js";
import { type Db, isSqlite } from "./db.js";
import { col, rowSchema, StoredValueError } from "./row-schema.js";
import { sqlOf } from "./sql.js";

/** awaiting_media: stored, its photo or file still to fetch (storage/pending-media-repo.ts). */
const INBOUND_STATUSES = ["awaiting_media", "pending", "done", "failed"] as const;

export interface StoredInbound {
  id: number;
  platform: string;
  messageId: string;
  /** InboundMessage.replyRef (null: the message id is the handle, or an older row). */
  replyRef: string | null;
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
  /**
   * The bot was @-mentioned (true), the platform knows it was not (false: it knows the bot's own name),
   * or it is not known (null: a platform that leaves the @ in the text, or an older row).
   */
  mentioned: boolean | null;
  receivedAt: string;
  status: (typeof INBOUND_STATUSES)[number];
  attempts: number;
}

const locationSchema = z.object({ lat: z.number(), lng: z.number(), label: z.string().optional() });

const inboundRow = rowSchema("inbound_messages", {
  id: col.int,
  platform: col.text,
  message_id: col.text,
  reply_ref: col.text.nullable(),
  chat_external_id: col.text,
  chat_kind: z.enum(CHAT_KINDS),
  chat_title: col.text.nullable(),
  sender_external_id: col.text,
  sender_name: col.text.nullable(),
  kind: z.enum(INBOUND_KINDS),
  text: col.text.nullable(),
  media_sha256: col.text.nullable(),
  file_name: col.text.nullable(),
  location_json: col.json(locationSchema).nullable(),
  event: col.text.nullable(),
  mentioned: col.bool.nullable(),
  received_at: col.text,
  status: z.enum(INBOUND_STATUSES),
  attempts: col.int,
});
const idRow = rowSchema("inbound_messages", { id: col.int });
const attemptsRow = rowSchema("inbound_messages", { id: col.int, attempts: col.int });

const toStored = (raw: unknown): StoredInbound => {
  const r = inboundRow.parse(raw);
  return {
    id: r.id,
    platform: r.platform,
    messageId: r.message_id,
    replyRef: r.reply_ref ?? null,
    chatExternalId: r.chat_external_id,
    chatKind: r.chat_kind,
    chatTitle: r.chat_title,
    senderExternalId: r.sender_external_id,
    senderName: r.sender_name,
    kind: r.kind,
    text: r.text,
    mediaSha256: r.media_sha256,
    fileName: r.file_name,
    location: r.location_json,
    event: r.event,
    mentioned: r.mentioned ?? null,
    receivedAt: r.received_at,
    status: r.status,
    attempts: r.attempts,
  };
};

/**
 * A message whose photo is still to fetch waits as awaiting_media, its first retry due at once and
 * held by nobody (any instance may fetch it); any other waits pending under the storer's lease.
 */
const pendingMediaColumns = (m: InboundMessage, leaseUntil: string | undefined) =>
  m.pendingMedia
    ? {
        status: "awaiting_media",
        lease_until: null,
        media_ref: m.pendingMedia.ref,
        media_expires_at: m.pendingMedia.expiresAt.toISOString(),
        media_next_try_at: m.receivedAt.toISOString(),
      }
    : {
        status: "pending",
        lease_until: leaseUntil ?? null,
        // The same columns in every row: a burst is one multi-row insert.
        media_ref: null,
        media_expires_at: null,
        media_next_try_at: null,
      };

const clean = (text: string | undefined): string | null =>
  text === undefined ? null : withoutControlCharacters(text);

/** Inbound messages are stored before they are handled; (platform, message_id) is unique. */
export function createInboundRepo(db: Db) {
  // store and claim run for every message: plain SQL (storage/sql.ts).
  const sql = sqlOf(db);
  // Leases are renewed and taken over beside the handling: a row a handler holds (claimed, not yet
  // committed) is being handled, so it is passed over rather than waited for (PostgreSQL; SQLite
  // has one writer at a time anyway).
  const skipLocked = isSqlite(db) ? "" : " for update skip locked";
  return {
    /** Stores a message; returns null when this message was stored before (a redelivery). */
    async store(
      m: InboundMessage,
      mediaSha256: string | null,
      leaseUntil?: string,
    ): Promise<StoredInbound | null> {
      const [stored] = await this.storeMany([{ message: m, mediaSha256 }], leaseUntil);
      return stored ?? null;
    },
    /**
     * Stores messages in one statement (one commit for a burst); each result is null when that
     * message was stored before, or earlier in the same burst.
     */
    async storeMany(
      items: { message: InboundMessage; mediaSha256: string | null }[],
      /** Until when the storing instance holds them (without one, any instance may take them). */
      leaseUntil?: string,
    ): Promise<(StoredInbound | null)[]> {
      if (items.length === 0) return [];
      const rows = items.map(({ message: m, mediaSha256 }) => ({
        platform: m.platform,
        message_id: m.messageId,
        reply_ref: m.replyRef ?? null,
        chat_external_id: m.chat.id,
        chat_kind: m.chat.kind,
        // NUL and other control characters are dropped on both engines (PostgreSQL refuses NUL).
        chat_title: clean(m.chat.title),
        sender_external_id: m.sender.id,
        sender_name: clean(m.sender.name),
        kind: m.kind,
        text: clean(m.text),
        media_sha256: mediaSha256,
        file_name: clean(m.media?.fileName),
        location_json: m.location ? JSON.stringify(m.location) : null,
        event: m.event ?? null,
        mentioned: m.mentioned ?? null,
        received_at: m.receivedAt.toISOString(),
        ...pendingMediaColumns(m, leaseUntil),
      }));
      const columns = Object.keys(rows[0] ?? {});
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      const stored = await sql.all(
        `insert into inbound_messages (${columns.join(", ")}) values ${rows.map(() => tuple).join(", ")}
         on conflict (platform, message_id) do nothing returning *`,
        rows.flatMap((r) => Object.values(r)),
      );
      const inserted = new Map<string, StoredInbound>(
        stored.map(toStored).map((r) => [`${r.platform}\u0000${r.messageId}`, r]),
      );
      // The first of two copies in one burst gets the row; the second is a redelivery.
      return items.map(({ message: m }) => {
        const key = `${m.platform}\u0000${m.messageId}`;
        const row = inserted.get(key);
        inserted.delete(key);
        return row ?? null;
      });
    },
    /** A stored message; throws StoredValueError when the row cannot be read. */
    async byId(id: number): Promise<StoredInbound | undefined> {
      const row = await db("inbound_messages").where({ id }).first();
      return row === undefined ? undefined : toStored(row);
    },
    /**
     * A stored message to handle again (after a restart); undefined when there is none, or when it
     * cannot be read (a row of another version's shape): that one is marked failed with the reason,
     * so it is set aside rather than tried at every start.
     */
    async toHandle(id: number, at: string): Promise<StoredInbound | { unreadable: string } | undefined> {
      try {
        return await this.byId(id);
      } catch (error) {
        if (!(error instanceof StoredValueError)) throw error;
        await this.markFailed(id, at, error.message);
        return { unreadable: error.message };
      }
    },
    /**
     * Takes over pending messages whose lease ran out (their instance died, or a previous run
     * left them): the guarded UPDATE hands each to one instance. `all` takes every pending one
     * (SQLite: one instance only, so whatever is pending was left by the last run). Oldest first,
     * with how often handling them has begun.
     */
    async takeOver(
      now: string,
      leaseUntil: string,
      options: { all?: boolean; limit?: number } = {},
    ): Promise<{ id: number; attempts: number }[]> {
      const expired = options.all ? "" : "and (lease_until is null or lease_until < ?)";
      const guard = options.all ? [] : [now];
      const candidates = idRow.all(
        await sql.all(
          `select id from inbound_messages where status = 'pending' ${expired} order by id limit ${Math.trunc(options.limit ?? 500)}`,
          guard,
        ),
      );
      if (candidates.length === 0) return [];
      const rows = await sql.all(
        `update inbound_messages set lease_until = ? where id in (
           select id from inbound_messages
           where id in (${candidates.map(() => "?").join(", ")}) and status = 'pending' ${expired}${skipLocked})
         returning id, attempts`,
        [leaseUntil, ...candidates.map((c) => c.id), ...guard],
      );
      return attemptsRow.all(rows).sort((a, b) => a.id - b.id);
    },
    /** Keeps holding the messages this instance has queued (a live instance's lease never runs out). */
    async renewLeases(ids: readonly number[], leaseUntil: string): Promise<void> {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await sql.run(
          `update inbound_messages set lease_until = ? where id in (
             select id from inbound_messages
             where id in (${chunk.map(() => "?").join(", ")}) and status = 'pending'${skipLocked})`,
          [leaseUntil, ...chunk],
        );
      }
    },
    /**
     * Counts an attempt at handling these messages, committed before the handling begins: a
     * message whose handling ends the process (out of memory) is counted even so, and is set
     * aside after a few, instead of ending the process at every start.
     */
    async begin(ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      await sql.run(
        `update inbound_messages set attempts = attempts + 1
         where id in (${ids.map(() => "?").join(", ")}) and status = 'pending'`,
        ids,
      );
    },
    /**
     * Claims a pending message by marking it done (inside the handling transaction, so a crash
     * rolls the mark back). False when another worker got there first.
     */
    async claim(id: number, at: string): Promise<boolean> {
      const changed = await sql.run(
        "update inbound_messages set status = 'done', handled_at = ? where id = ? and status = 'pending'",
        [at, id],
      );
      return changed === 1;
    },
    /** Sets a pending message aside for good (failed, with why); false when it is no longer pending. */
    async setAside(id: number, at: string, reason: string): Promise<boolean> {
      const changed = await sql.run(
        "update inbound_messages set status = 'failed', handled_at = ?, error = ? where id = ? and status = 'pending'",
        [at, reason.slice(0, 2000), id],
      );
      return changed === 1;
    },
    /** Deletes handled messages received before `before` (a redelivery that late cannot come). */
    async prune(before: string): Promise<number> {
      return db("inbound_messages").where({ status: "done" }).where("received_at", "<", before).del();
    },
    async markFailed(id: number, at: string, error: string): Promise<void> {
      await db("inbound_messages")
        .where({ id })
        .update({ status: "failed", handled_at: at, error: error.slice(0, 2000) });
    },
  };
}

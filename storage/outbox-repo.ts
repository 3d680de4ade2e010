import { createHash } from "node:crypto";
import { z } from "zod";
import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import type { Db } from "./db.js";
import { col, rowSchema, StoredValueError } from "./row-schema.js";
import { sqlOf } from "./sql.js";

export interface OutboxItem {
  id: number;
  key: string;
  platform: string;
  target: OutboundTarget;
  message: OutboundMessage;
  attempts: number;
}

const targetSchema: z.ZodType<OutboundTarget> = z.object({
  platform: z.string(),
  chatId: z.string().optional(),
  userId: z.string().optional(),
  mentions: z.array(z.string()).optional(),
});

/** A queued image or file names its bytes by sha256; the bytes sit once in outbox_blobs. */
const storedMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), text: z.string() }),
  z.object({ kind: z.literal("markdown"), text: z.string() }),
  z.object({ kind: z.literal("image"), blob: z.string(), fileName: z.string().optional() }),
  z.object({ kind: z.literal("file"), blob: z.string(), fileName: z.string().optional() }),
]);
type StoredMessage = z.output<typeof storedMessageSchema>;

/** A claimed row, checked: one written by an older version in another shape is refused, not guessed at. */
const claimedRow = rowSchema("outbox", {
  id: col.int,
  idempotency_key: col.text,
  platform: col.text,
  target_json: col.json(targetSchema),
  message_json: col.json(storedMessageSchema),
  attempts: col.int,
});
const idRow = rowSchema("outbox", { id: col.int });
const blobRow = rowSchema("outbox_blobs", { sha256: col.text, base64: col.text }, "sha256");

export interface OutboxRepoOptions {
  /** A claimed row that cannot be read: it is marked failed with the error, and reported here. */
  onUnreadable?: (id: number, error: StoredValueError) => void;
}

export function createOutboxRepo(db: Db, options: OutboxRepoOptions = {}) {
  // Every reply is queued, claimed and marked: plain SQL (storage/sql.ts) for those.
  const sql = sqlOf(db);
  async function decode(m: StoredMessage): Promise<OutboundMessage> {
    if (m.kind === "text" || m.kind === "markdown") return m;
    const blob = blobRow.maybe(
      await db("outbox_blobs").select("sha256", "base64").where({ sha256: m.blob }).first(),
    );
    const bytes = Buffer.from(blob?.base64 ?? "", "base64");
    return m.kind === "file"
      ? { kind: "file", bytes, fileName: m.fileName ?? "file" }
      : { kind: "image", bytes, fileName: m.fileName };
  }

  return {
    /** Queues a message once per idempotency key: queuing the same key again does nothing. */
    async enqueue(key: string, target: OutboundTarget, message: OutboundMessage, now: string): Promise<void> {
      let stored: StoredMessage;
      if (message.kind === "image" || message.kind === "file") {
        const sha = createHash("sha256").update(message.bytes).digest("hex");
        await db("outbox_blobs")
          .insert({ sha256: sha, base64: message.bytes.toString("base64") })
          .onConflict("sha256")
          .ignore();
        stored = { kind: message.kind, blob: sha, fileName: message.fileName };
      } else {
        stored = message;
      }
      await sql.run(
        `insert into outbox (idempotency_key, platform, target_json, message_json, status, next_attempt_at, created_at)
         values (?, ?, ?, ?, 'pending', ?, ?) on conflict (idempotency_key) do nothing`,
        [key, target.platform, JSON.stringify(target), JSON.stringify(stored), now, now],
      );
    },
    /**
     * Claims due messages for sending: pending ones whose time has come, and 'sending' ones whose
     * claim lapsed (their sender died). The guarded UPDATE makes a claim win once across instances.
     */
    async claimDue(
      now: string,
      leaseUntil: string,
      limit: number,
      includeLapsed = true,
    ): Promise<OutboxItem[]> {
      // Two index-friendly queries rather than one OR: the outbox keeps every sent row.
      // The limit is written into the text: bound, it costs SQLite a re-plan on every run.
      const n = Math.trunc(limit);
      const due = idRow.all(
        await sql.all(
          `select id from outbox where status = 'pending' and next_attempt_at <= ? order by id limit ${n}`,
          [now],
        ),
      );
      const lapsed = includeLapsed
        ? idRow.all(
            await sql.all(
              `select id from outbox where status = 'sending' and claimed_until < ? order by id limit ${n}`,
              [now],
            ),
          )
        : [];
      const candidates = [...lapsed, ...due].sort((a, b) => a.id - b.id).slice(0, limit);
      if (candidates.length === 0) return [];
      // The guarded UPDATE is the claim: a row another instance claimed meanwhile no longer matches.
      const rows = await sql.all(
        `update outbox set status = 'sending', claimed_until = ?
         where id in (${candidates.map(() => "?").join(", ")})
           and ((status = 'pending' and next_attempt_at <= ?) or (status = 'sending' and claimed_until < ?))
         returning *`,
        [leaseUntil, ...candidates.map((c) => c.id), now, now],
      );
      const items: OutboxItem[] = [];
      for (const raw of rows) {
        let row: ReturnType<typeof claimedRow.parse>;
        try {
          row = claimedRow.parse(raw);
        } catch (error) {
          if (!(error instanceof StoredValueError)) throw error;
          // Sending a guess could reach the wrong chat: the row is set aside, the others go on.
          const { id } = idRow.parse(raw);
          await this.markFailed(id, error.message);
          options.onUnreadable?.(id, error);
          continue;
        }
        items.push({
          id: row.id,
          key: row.idempotency_key,
          platform: row.platform,
          target: row.target_json,
          message: await decode(row.message_json),
          attempts: row.attempts,
        });
      }
      return items.sort((a, b) => a.id - b.id);
    },
    async markSent(id: number, now: string): Promise<void> {
      await sql.run("update outbox set status = 'sent', sent_at = ?, claimed_until = null where id = ?", [
        now,
        id,
      ]);
    },
    async reschedule(id: number, nextAt: string, error: string): Promise<void> {
      await db("outbox")
        .where({ id })
        .update({
          status: "pending",
          next_attempt_at: nextAt,
          last_error: error.slice(0, 1000),
          claimed_until: null,
        })
        .increment("attempts", 1);
    },
    /** Put back without counting an attempt (the platform asked us to wait, e.g. a rate limit). */
    async defer(id: number, nextAt: string, reason: string): Promise<void> {
      await db("outbox")
        .where({ id })
        .update({ status: "pending", next_attempt_at: nextAt, last_error: reason, claimed_until: null });
    },
    async markFailed(id: number, error: string): Promise<void> {
      await db("outbox")
        .where({ id })
        .update({ status: "failed", last_error: error.slice(0, 1000), claimed_until: null })
        .increment("attempts", 1);
    },
  };
}

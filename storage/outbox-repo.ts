import { createHash } from "node:crypto";
import type { OutboundMessage, OutboundTarget } from "../bot/message.js";
import type { Db } from "./db.js";

export interface OutboxItem {
  id: number;
  key: string;
  platform: string;
  target: OutboundTarget;
  message: OutboundMessage;
  attempts: number;
}

/** A queued image or file names its bytes by sha256; the bytes sit once in outbox_blobs. */
type StoredMessage =
  | Exclude<OutboundMessage, { bytes: Buffer }>
  | { kind: "image" | "file"; blob: string; fileName?: string };

export function createOutboxRepo(db: Db) {
  async function decode(m: StoredMessage): Promise<OutboundMessage> {
    if (!("blob" in m)) return m;
    const blob = await db("outbox_blobs").select("base64").where({ sha256: m.blob }).first();
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
      await db("outbox")
        .insert({
          idempotency_key: key,
          platform: target.platform,
          target_json: JSON.stringify(target),
          message_json: JSON.stringify(stored),
          status: "pending",
          next_attempt_at: now,
          created_at: now,
        })
        .onConflict("idempotency_key")
        .ignore();
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
      const due = await db("outbox")
        .select("id")
        .where("status", "pending")
        .andWhere("next_attempt_at", "<=", now)
        .orderBy("id")
        .limit(limit);
      const lapsed = includeLapsed
        ? await db("outbox")
            .select("id")
            .where("status", "sending")
            .andWhere("claimed_until", "<", now)
            .orderBy("id")
            .limit(limit)
        : [];
      const candidates = [...lapsed, ...due].sort((a, b) => a.id - b.id).slice(0, limit);
      if (candidates.length === 0) return [];
      // The guarded UPDATE is the claim: a row another instance claimed meanwhile no longer matches.
      const rows = await db("outbox")
        .whereIn(
          "id",
          candidates.map((c) => c.id),
        )
        .andWhere((w) =>
          w
            .where((p) => p.where("status", "pending").andWhere("next_attempt_at", "<=", now))
            .orWhere((s) => s.where("status", "sending").andWhere("claimed_until", "<", now)),
        )
        .update({ status: "sending", claimed_until: leaseUntil })
        .returning("*");
      const items: OutboxItem[] = [];
      for (const row of rows.sort((a, b) => a.id - b.id)) {
        items.push({
          id: row.id,
          key: row.idempotency_key,
          platform: row.platform,
          target: JSON.parse(row.target_json),
          message: await decode(JSON.parse(row.message_json)),
          attempts: Number(row.attempts),
        });
      }
      return items;
    },
    async markSent(id: number, now: string): Promise<void> {
      await db("outbox").where({ id }).update({ status: "sent", sent_at: now, claimed_until: null });
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

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

/** Bytes travel through the outbox as base64 inside JSON, so one text column holds any message. */
function encodeMessage(m: OutboundMessage): string {
  if (m.kind === "image" || m.kind === "file")
    return JSON.stringify({ ...m, bytes: m.bytes.toString("base64") });
  return JSON.stringify(m);
}
function decodeMessage(json: string): OutboundMessage {
  const m = JSON.parse(json);
  if (m.kind === "image" || m.kind === "file") m.bytes = Buffer.from(m.bytes, "base64");
  return m;
}

export function createOutboxRepo(db: Db) {
  return {
    /** Queues a message once per idempotency key: queuing the same key again does nothing. */
    async enqueue(key: string, target: OutboundTarget, message: OutboundMessage, now: string): Promise<void> {
      await db("outbox")
        .insert({
          idempotency_key: key,
          platform: target.platform,
          target_json: JSON.stringify(target),
          message_json: encodeMessage(message),
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
      return rows
        .sort((a, b) => a.id - b.id)
        .map((row) => ({
          id: row.id,
          key: row.idempotency_key,
          platform: row.platform,
          target: JSON.parse(row.target_json),
          message: decodeMessage(row.message_json),
          attempts: Number(row.attempts),
        }));
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
    async counts(): Promise<Record<string, number>> {
      const rows = (await db("outbox").select("status").count({ n: "*" }).groupBy("status")) as Record<
        string,
        unknown
      >[];
      return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
    },
  };
}

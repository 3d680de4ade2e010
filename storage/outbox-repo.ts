import { z } from "zod";
import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import { type Db, filesDirOf } from "./db.js";
import { createOutboxFiles, MissingOutboxFileError } from "./outbox-files.js";
import { col, rowSchema, StoredValueError } from "./row-schema.js";
import { sqlOf } from "./sql.js";

/** A claimed message. Its bytes (an image, a spreadsheet) are read from disk only by `load`. */
export interface OutboxItem {
  id: number;
  key: string;
  platform: string;
  target: OutboundTarget;
  /** The chat (or person) it goes to: messages with one key go out in queue order. */
  targetKey: string;
  attempts: number;
  /** Parts of a split message delivered by earlier attempts. */
  partsSent: number;
  createdAt: string;
  load(): Promise<OutboundMessage>;
}

/** What one platform's queue holds, for health pages: open and failed rows, the oldest open one. */
export interface OutboxBacklog {
  platform: string;
  pending: number;
  failed: number;
  oldestPendingAt: string | null;
}

const targetSchema: z.ZodType<OutboundTarget> = z.object({
  platform: z.string(),
  chatId: z.string().optional(),
  userId: z.string().optional(),
  mentions: z.array(z.string()).optional(),
  replyTo: z.string().optional(),
});

/** A queued image or file names its bytes by sha256 (on disk, or in outbox_blobs before 009). */
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
  // Null only on a row written by hand or by a version before 009's backfill.
  target_key: z.string().nullable(),
  message_json: col.json(storedMessageSchema),
  attempts: col.int,
  parts_sent: col.int,
  created_at: col.text,
});
const idRow = rowSchema("outbox", { id: col.int });
const candidateRow = rowSchema("outbox", { id: col.int, target_key: z.string().nullable() }).schema.transform(
  (r) => ({ id: r.id, target_key: r.target_key ?? `#${r.id}` }),
);
const blobRow = rowSchema("outbox_blobs", { base64: col.text }, "base64");
const fileRow = rowSchema("outbox", { id: col.int, file_sha256: z.string().nullable() });
const backlogRow = rowSchema("outbox", {
  platform: col.text,
  status: col.text,
  n: col.count,
  oldest: col.text,
});

export interface OutboxRepoOptions {
  /** A claimed row that cannot be read: it is marked failed with the error, and reported here. */
  onUnreadable?: (id: number, error: StoredValueError) => void;
}

/** The order key of a target: one chat, or one person privately. */
function targetKey(t: OutboundTarget): string {
  return t.chatId !== undefined ? `${t.platform}:chat:${t.chatId}` : `${t.platform}:user:${t.userId ?? ""}`;
}

// A row is claimable when it is due, or when its sender's claim lapsed (the sender died).
const CLAIMABLE = (a: string) =>
  `((${a}.status = 'pending' and ${a}.next_attempt_at <= ?) or (${a}.status = 'sending' and ${a}.claimed_until < ?))`;
// …and nothing before it to the same target is still open and not claimable: order per chat.
const FIRST_IN_LINE = `not exists (select 1 from outbox e where e.target_key = o.target_key and e.id < o.id
  and e.status in ('pending', 'sending') and not ${CLAIMABLE("e")})`;

export function createOutboxRepo(db: Db, options: OutboxRepoOptions = {}) {
  // Every reply is queued, claimed and marked: plain SQL (storage/sql.ts) for those.
  const sql = sqlOf(db);
  const files = createOutboxFiles(filesDirOf(db));

  async function load(stored: StoredMessage): Promise<OutboundMessage> {
    if (stored.kind === "text" || stored.kind === "markdown") return stored;
    let bytes: Buffer;
    try {
      bytes = await files.read(stored.blob);
    } catch (error) {
      if (!(error instanceof MissingOutboxFileError)) throw error;
      // Queued before the bytes moved to disk (migration 009).
      const legacy = blobRow.maybe(
        await sql.first("select base64 from outbox_blobs where sha256 = ?", [stored.blob]),
      );
      if (!legacy) throw error;
      bytes = Buffer.from(legacy.base64, "base64");
    }
    return stored.kind === "file"
      ? { kind: "file", bytes, fileName: stored.fileName ?? "file" }
      : { kind: "image", bytes, ...(stored.fileName ? { fileName: stored.fileName } : {}) };
  }

  const toItem = (row: ReturnType<typeof claimedRow.parse>): OutboxItem => ({
    id: row.id,
    key: row.idempotency_key,
    platform: row.platform,
    target: row.target_json,
    targetKey: row.target_key ?? targetKey(row.target_json),
    attempts: row.attempts,
    partsSent: row.parts_sent,
    createdAt: row.created_at,
    load: () => load(row.message_json),
  });

  return {
    /**
     * Queues a message once per idempotency key: queuing the same key again does nothing. An
     * image's or file's bytes go to disk first (by content, so a retry writes the same file).
     */
    async enqueue(key: string, target: OutboundTarget, message: OutboundMessage, now: string): Promise<void> {
      let stored: StoredMessage;
      let sha: string | null = null;
      if (message.kind === "image" || message.kind === "file") {
        sha = await files.put(message.bytes);
        stored = {
          kind: message.kind,
          blob: sha,
          ...(message.fileName ? { fileName: message.fileName } : {}),
        };
      } else {
        stored = message;
      }
      await sql.run(
        `insert into outbox (idempotency_key, platform, target_json, target_key, message_json, file_sha256, status, next_attempt_at, created_at)
         values (?, ?, ?, ?, ?, ?, 'pending', ?, ?) on conflict (idempotency_key) do nothing`,
        [
          key,
          target.platform,
          JSON.stringify(target),
          targetKey(target),
          JSON.stringify(stored),
          sha,
          now,
          now,
        ],
      );
    },

    /**
     * Claims due messages: pending ones whose time has come and 'sending' ones whose claim lapsed,
     * each only when nothing earlier to its target is still open (order per chat). Targets in
     * `busy` (being sent to by this instance) are left alone. The guarded UPDATE makes a claim win
     * once across instances.
     */
    async claimDue(o: {
      now: string;
      leaseUntil: string;
      limit: number;
      owner: string;
      busy?: ReadonlySet<string>;
      /** At most this many messages per target in one claim, so one busy chat leaves room. */
      perTarget?: number;
    }): Promise<OutboxItem[]> {
      const { now } = o;
      // Two index-friendly queries rather than one OR. The limit is written into the text: bound,
      // it costs SQLite a re-plan on every run.
      const n = Math.trunc(o.limit) * 2;
      const due = z.array(candidateRow).parse(
        await sql.all(
          `select o.id, o.target_key from outbox o where o.status = 'pending' and o.next_attempt_at <= ?
             and ${FIRST_IN_LINE} order by o.id limit ${n}`,
          [now, now, now],
        ),
      );
      const lapsed = z.array(candidateRow).parse(
        await sql.all(
          `select o.id, o.target_key from outbox o where o.status = 'sending' and o.claimed_until < ?
             and ${FIRST_IN_LINE} order by o.id limit ${n}`,
          [now, now, now],
        ),
      );
      const perTarget = new Map<string, number>();
      const candidates: { id: number; target_key: string }[] = [];
      for (const c of [...lapsed, ...due].sort((a, b) => a.id - b.id)) {
        if (o.busy?.has(c.target_key)) continue;
        const count = perTarget.get(c.target_key) ?? 0;
        if (count >= (o.perTarget ?? 20)) continue;
        perTarget.set(c.target_key, count + 1);
        candidates.push(c);
        if (candidates.length >= o.limit) break;
      }
      if (candidates.length === 0) return [];
      // The guarded UPDATE is the claim: a row another instance claimed meanwhile no longer matches.
      const rows = await sql.all(
        `update outbox set status = 'sending', claimed_until = ?, claimed_by = ?
         where id in (${candidates.map(() => "?").join(", ")}) and ${CLAIMABLE("outbox")}
         returning *`,
        [o.leaseUntil, o.owner, ...candidates.map((c) => c.id), now, now],
      );
      const won = new Set(idRow.all(rows).map((r) => r.id));
      // A target whose earlier message another instance won keeps only what comes before it.
      const lost = new Set<string>();
      const giveBack: number[] = [];
      for (const c of candidates) {
        if (!won.has(c.id)) lost.add(c.target_key);
        else if (lost.has(c.target_key)) giveBack.push(c.id);
      }
      if (giveBack.length > 0) await this.release(giveBack);
      const back = new Set(giveBack);
      const items: OutboxItem[] = [];
      for (const raw of rows) {
        const { id } = idRow.parse(raw);
        if (back.has(id)) continue;
        try {
          items.push(toItem(claimedRow.parse(raw)));
        } catch (error) {
          if (!(error instanceof StoredValueError)) throw error;
          // Sending a guess could reach the wrong chat: the row is set aside, the others go on.
          await this.markFailed(id, error.message);
          options.onUnreadable?.(id, error);
        }
      }
      return items.sort((a, b) => a.id - b.id);
    },

    /** Extends the claim of messages still waiting in this instance's queue. */
    async extendClaims(ids: readonly number[], until: string): Promise<void> {
      if (ids.length === 0) return;
      await sql.run(
        `update outbox set claimed_until = ? where status = 'sending' and id in (${ids.map(() => "?").join(", ")})`,
        [until, ...ids],
      );
    },
    /** Puts claimed messages back as they were, not counting an attempt. */
    async release(ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      await sql.run(
        `update outbox set status = 'pending', claimed_until = null, claimed_by = null
         where status = 'sending' and id in (${ids.map(() => "?").join(", ")})`,
        ids,
      );
    },
    /**
     * At start: messages this instance (by its name) claimed before it died go back in line at
     * once, in their order, instead of waiting out the claim behind newer ones.
     */
    async releaseOwnedBy(owner: string): Promise<number> {
      return sql.run(
        "update outbox set status = 'pending', claimed_until = null, claimed_by = null where status = 'sending' and claimed_by = ?",
        [owner],
      );
    },
    async partSent(id: number, parts: number): Promise<void> {
      await sql.run("update outbox set parts_sent = ? where id = ?", [parts, id]);
    },
    async markSent(id: number, now: string): Promise<void> {
      await sql.run("update outbox set status = 'sent', sent_at = ?, claimed_until = null where id = ?", [
        now,
        id,
      ]);
    },
    /** A failed attempt: back in line at `nextAt`. */
    async reschedule(id: number, nextAt: string, error: string): Promise<void> {
      await sql.run(
        `update outbox set status = 'pending', next_attempt_at = ?, last_error = ?, claimed_until = null,
           attempts = attempts + 1 where id = ?`,
        [nextAt, error.slice(0, 1000), id],
      );
    },
    /** Put back without counting an attempt (the platform asked us to wait, e.g. a rate limit). */
    async defer(id: number, nextAt: string, reason: string): Promise<void> {
      await sql.run(
        "update outbox set status = 'pending', next_attempt_at = ?, last_error = ?, claimed_until = null where id = ?",
        [nextAt, reason.slice(0, 1000), id],
      );
    },
    async markFailed(id: number, error: string): Promise<void> {
      await sql.run(
        `update outbox set status = 'failed', last_error = ?, claimed_until = null, attempts = attempts + 1
         where id = ?`,
        [error.slice(0, 1000), id],
      );
    },
    async byKey(key: string) {
      return db("outbox").where({ idempotency_key: key }).first();
    },
    /** Per platform: open and failed messages and the oldest open one. */
    async backlog(): Promise<OutboxBacklog[]> {
      const rows = backlogRow.all(
        await sql.all(
          `select platform, status, count(*) as n, min(created_at) as oldest from outbox
           where status in ('pending', 'sending', 'failed') group by platform, status`,
        ),
      );
      const by = new Map<string, OutboxBacklog>();
      for (const r of rows) {
        const b = by.get(r.platform) ?? {
          platform: r.platform,
          pending: 0,
          failed: 0,
          oldestPendingAt: null,
        };
        if (r.status === "failed") b.failed += Number(r.n);
        else {
          b.pending += Number(r.n);
          const oldest = String(r.oldest);
          if (!b.oldestPendingAt || oldest < b.oldestPendingAt) b.oldestPendingAt = oldest;
        }
        by.set(r.platform, b);
      }
      return [...by.values()];
    },
    /**
     * Deletes delivered and given-up messages queued before `before`, and the files and blobs no
     * message needs any more. Returns how many messages went.
     */
    async prune(before: string): Promise<number> {
      const old = fileRow.all(
        await db("outbox")
          .select("id", "file_sha256")
          .whereIn("status", ["sent", "failed"])
          .where("created_at", "<", before),
      );
      if (old.length === 0) return 0;
      for (let i = 0; i < old.length; i += 500) {
        await db("outbox")
          .whereIn(
            "id",
            old.slice(i, i + 500).map((r) => r.id),
          )
          .del();
      }
      const shas = [...new Set(old.map((r) => r.file_sha256).filter((s): s is string => Boolean(s)))];
      for (const sha of shas) {
        if (await db("outbox").where({ file_sha256: sha }).first("id")) continue;
        await files.remove(sha);
      }
      // Blobs of the database era that no message names any more.
      await db("outbox_blobs")
        .whereNotExists(
          db("outbox").select("id").whereRaw("outbox.message_json like '%' || outbox_blobs.sha256 || '%'"),
        )
        .del();
      return old.length;
    },
  };
}

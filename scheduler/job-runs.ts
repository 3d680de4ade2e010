import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type Db, iso } from "../storage/db.js";
import { col, type RowOf, rowSchema } from "../storage/row-schema.js";

/** missed: the slot passed its grace without a run (the bot was down); the scheduler never runs it. */
export const JOB_RUN_STATUSES = ["claimed", "done", "failed", "missed"] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** A claim held on one (job, period): proof that this caller, and no other, may run it now. */
export interface JobClaim {
  job: string;
  period: string;
  ticket: string;
  attempt: number;
  /** True when an expired or failed earlier claim was taken over. */
  takenOver: boolean;
}

export interface JobRunRecord {
  job: string;
  period: string;
  status: JobRunStatus;
  ticket: string;
  owner: string | null;
  attempts: number;
  dueAt: string;
  claimedAt: string;
  leaseUntil: string;
  finishedAt: string | null;
  sentCount: number | null;
  error: string | null;
}

interface ClaimRequest {
  job: string;
  period: string;
  dueAt: Date;
  now: Date;
  leaseMs: number;
  owner?: string;
  /** Take over a run that ended 'failed' (default true: its messages go out under the same keys). */
  retryFailed?: boolean;
}

/**
 * The job_runs table: claim a (job, period) before sending, then mark it done or failed.
 *
 * @example
 *   const runs = createJobRunStore({ db });
 *   const claim = await runs.claim({ job: "ledger-reminder", period: "2017-03", dueAt, now, leaseMs: 600_000 });
 *   if (claim) { await send(); await runs.complete(claim, clock.now(), 12); }
 */
export interface JobRunStore {
  /** Inserts the row, or takes over an expired/failed one; null when another holds or finished it. */
  claim(request: ClaimRequest): Promise<JobClaim | null>;
  /** Marks the run done; false if the claim was lost (its lease ran out and another took it). */
  complete(claim: JobClaim, now: Date, sentCount: number): Promise<boolean>;
  fail(claim: JobClaim, now: Date, error: string): Promise<boolean>;
  /** Records a slot that passed its grace without a run; false when the period has a row already. */
  markMissed(request: {
    job: string;
    period: string;
    dueAt: Date;
    now: Date;
    owner?: string;
  }): Promise<boolean>;
  /** Whether the job has any run on record (a fresh install has missed nothing). */
  hasRuns(job: string): Promise<boolean>;
  find(job: string, period: string): Promise<JobRunRecord | undefined>;
  list(job?: string): Promise<JobRunRecord[]>;
}

const jobRunRow = rowSchema("job_runs", {
  id: col.int,
  job: col.text,
  period: col.text,
  status: z.enum(JOB_RUN_STATUSES),
  ticket: col.text,
  owner: col.text.nullable(),
  attempts: col.int,
  due_at: col.text,
  claimed_at: col.text,
  lease_until: col.text,
  finished_at: col.text.nullable(),
  sent_count: col.int.nullable(),
  error: col.text.nullable(),
});
type Row = RowOf<typeof jobRunRow>;

const toRecord = (raw: unknown): JobRunRecord => {
  const r = jobRunRow.parse(raw);
  return {
    job: r.job,
    period: r.period,
    status: r.status,
    ticket: r.ticket,
    owner: r.owner,
    attempts: r.attempts,
    dueAt: r.due_at,
    claimedAt: r.claimed_at,
    leaseUntil: r.lease_until,
    finishedAt: r.finished_at,
    sentCount: r.sent_count,
    error: r.error,
  };
};

export function createJobRunStore({ db }: { db: Db }): JobRunStore {
  const table = () => db("job_runs");

  async function takeOver(req: ClaimRequest, ticket: string): Promise<JobClaim | null> {
    const now = iso(req.now);
    // The guard is the whole WHERE: only an expired claim or a failed run can change hands, and
    // only one UPDATE can match it, on SQLite and PostgreSQL alike.
    const changed = await table()
      .where({ job: req.job, period: req.period })
      .andWhere((w) => {
        w.where((c) => c.where("status", "claimed").andWhere("lease_until", "<", now));
        if (req.retryFailed ?? true) w.orWhere("status", "failed");
        // A missed period is never run by the scheduler, but 立即推送 may still send it by hand.
        w.orWhere("status", "missed");
      })
      .update({
        status: "claimed",
        ticket,
        owner: req.owner ?? null,
        attempts: db.raw("attempts + 1"),
        claimed_at: now,
        lease_until: iso(new Date(req.now.getTime() + req.leaseMs)),
        finished_at: null,
        error: null,
      });
    if (changed !== 1) return null;
    const row = await table().where({ job: req.job, period: req.period, ticket }).first();
    return row
      ? { job: req.job, period: req.period, ticket, attempt: toRecord(row).attempts, takenOver: true }
      : null;
  }

  async function finish(claim: JobClaim, patch: Partial<Omit<Row, "id">>): Promise<boolean> {
    const changed = await table()
      .where({ job: claim.job, period: claim.period, ticket: claim.ticket, status: "claimed" })
      .update(patch);
    return changed === 1;
  }

  return {
    async claim(req) {
      const ticket = randomUUID();
      // ON CONFLICT DO NOTHING rather than catching a unique violation: inside a PostgreSQL
      // transaction (立即推送 runs in the message's) a failed INSERT would abort the transaction.
      const inserted = await table()
        .insert({
          job: req.job,
          period: req.period,
          status: "claimed",
          ticket,
          owner: req.owner ?? null,
          attempts: 1,
          due_at: iso(req.dueAt),
          claimed_at: iso(req.now),
          lease_until: iso(new Date(req.now.getTime() + req.leaseMs)),
        })
        .onConflict(["job", "period"])
        .ignore()
        .returning("id");
      if (inserted.length === 1)
        return { job: req.job, period: req.period, ticket, attempt: 1, takenOver: false };
      return takeOver(req, ticket);
    },
    complete(claim, now, sentCount) {
      return finish(claim, { status: "done", finished_at: iso(now), sent_count: sentCount });
    },
    fail(claim, now, error) {
      return finish(claim, { status: "failed", finished_at: iso(now), error: error.slice(0, 2000) });
    },
    async markMissed(req) {
      const at = iso(req.now);
      const inserted = await table()
        .insert({
          job: req.job,
          period: req.period,
          status: "missed",
          ticket: randomUUID(),
          owner: req.owner ?? null,
          attempts: 0,
          due_at: iso(req.dueAt),
          claimed_at: at,
          lease_until: at,
          finished_at: at,
        })
        .onConflict(["job", "period"])
        .ignore()
        .returning("id");
      return inserted.length === 1;
    },
    async hasRuns(job) {
      return (await table().where({ job }).first("id")) !== undefined;
    },
    async find(job, period) {
      const row = await table().where({ job, period }).first();
      return row ? toRecord(row) : undefined;
    },
    async list(job) {
      const q = table().orderBy([{ column: "job" }, { column: "period" }]);
      if (job) q.where({ job });
      return (await q).map(toRecord);
    },
  };
}

import type { Db } from "../storage/db.js";
import { withIdempotencyKeys } from "./idempotency.js";
import type { Clock, JobDefinition, OutgoingMessage, RunReason, SendHook } from "./job.js";
import { createJobRunStore, type JobClaim, type JobRunRecord } from "./job-runs.js";
import { currentSlot, type Period, periodOf } from "./periods.js";

/**
 * The one way a push goes out, whoever starts it — a cron tick, a catch-up, 立即推送 in a chat or
 * `scheduler.runNow`: claim the (job, period) → build the messages outside any transaction →
 * queue them and mark the run done in one transaction. A period claimed by one is skipped by
 * every other, so a manual push and the scheduled run of the same period send once between them.
 *
 * @example
 *   const claimed = await claimPeriod({ db, job, slot, clock, timezone, leaseMs, owner });
 *   if (claimed.status === "claimed") {
 *     const run = await buildClaimed({ job, claim: claimed.claim, slot, clock, timezone, reason: "tick" });
 *     await db.transaction((trx) => run.commit(trx, outboxSendHook(clock)));
 *   }
 */
export type ClaimResult =
  | { status: "claimed"; period: Period; claim: JobClaim }
  | { status: "already"; period: Period; record: JobRunRecord | undefined };

/** The claim ran out and another run took the period over: it sends, this one queued nothing. */
export class LostClaimError extends Error {
  constructor(job: string, bucket: string) {
    super(`the claim on ${job} ${bucket} ran out before it was sent`);
  }
}

/** The slot a push made now belongs to: the job's latest slot when it is in the current period. */
export function slotNow(job: JobDefinition, clock: Clock, timezone: string): Date {
  return currentSlot(job, clock.now(), timezone);
}

/** Claims the slot's period (in `db`, which may be the caller's transaction). */
export async function claimPeriod(o: {
  db: Db;
  job: JobDefinition;
  slot: Date;
  clock: Clock;
  timezone: string;
  leaseMs: number;
  owner: string;
}): Promise<ClaimResult> {
  const period = periodOf(o.job.name, o.job.period, o.slot, o.timezone);
  const runs = createJobRunStore({ db: o.db });
  const claim = await runs.claim({
    job: o.job.name,
    period: period.bucket,
    dueAt: o.slot,
    now: o.clock.now(),
    leaseMs: o.leaseMs,
    owner: o.owner,
  });
  if (!claim) return { status: "already", period, record: await runs.find(o.job.name, period.bucket) };
  return { status: "claimed", period, claim };
}

export interface ClaimedRun {
  period: Period;
  messages: OutgoingMessage[];
  /** Queues the messages through `send` and marks the run done, in `trx`; LostClaimError when lost. */
  commit(trx: Db, send: SendHook): Promise<void>;
}

/** Runs a claimed period's job (reading only, so outside any transaction). */
export async function buildClaimed(o: {
  job: JobDefinition;
  claim: JobClaim;
  slot: Date;
  clock: Clock;
  timezone: string;
  reason: RunReason;
}): Promise<ClaimedRun> {
  const period = periodOf(o.job.name, o.job.period, o.slot, o.timezone);
  if (period.bucket !== o.claim.period || o.job.name !== o.claim.job)
    throw new Error(`claimed ${o.claim.job} ${o.claim.period}, building ${period.key}`);
  const messages = withIdempotencyKeys(
    period,
    await o.job.run({ period, now: o.clock.now(), timezone: o.timezone, reason: o.reason }),
  );
  return {
    period,
    messages,
    async commit(trx, send) {
      if (messages.length > 0) await send(messages, { period, db: trx });
      if (!(await createJobRunStore({ db: trx }).complete(o.claim, o.clock.now(), messages.length)))
        throw new LostClaimError(o.job.name, period.bucket);
    },
  };
}

/** 推送预览: what the job would send now, without claiming or sending. */
export async function previewPush(o: {
  job: JobDefinition;
  clock: Clock;
  timezone: string;
}): Promise<OutgoingMessage[]> {
  const period = periodOf(o.job.name, o.job.period, slotNow(o.job, o.clock, o.timezone), o.timezone);
  return withIdempotencyKeys(
    period,
    await o.job.run({ period, now: o.clock.now(), timezone: o.timezone, reason: "manual" }),
  );
}

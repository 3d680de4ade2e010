import type { Db } from "../storage/db.js";
import { withIdempotencyKeys } from "./idempotency.js";
import type { Clock, JobDefinition, OutgoingMessage } from "./job.js";
import { createJobRunStore, type JobClaim, type JobRunRecord } from "./job-runs.js";
import { currentSlot, type Period, periodOf } from "./periods.js";

export type PushNowResult =
  | { status: "sent"; period: Period; messages: OutgoingMessage[] }
  | { status: "already"; period: Period; record: JobRunRecord | undefined };

/**
 * 立即推送: claims the job's current period and runs it, inside the caller's transaction (`db`), so
 * the claim and the queued messages commit together; the scheduled run of that period then skips.
 * The job must have been built over the same `db`. (The chat command claims in the message's
 * transaction and builds after it commits: claimPush, then buildClaimedPush.)
 */
export async function pushNow(o: {
  db: Db;
  job: JobDefinition;
  clock: Clock;
  timezone: string;
  owner?: string;
}): Promise<PushNowResult> {
  const claimed = await claimPush(o);
  if (claimed.status === "already") return claimed;
  const built = await buildClaimedPush({ ...o, claim: claimed.claim });
  await built.complete(o.db);
  return { status: "sent", period: built.period, messages: built.messages };
}

/** Claims the job's current period for 立即推送 (the scheduled run of that period then skips). */
export async function claimPush(o: {
  db: Db;
  job: JobDefinition;
  clock: Clock;
  timezone: string;
  owner?: string;
}): Promise<
  | { status: "claimed"; period: Period; claim: JobClaim }
  | { status: "already"; period: Period; record: JobRunRecord | undefined }
> {
  const now = o.clock.now();
  const slot = currentSlot(o.job, now, o.timezone);
  const period = periodOf(o.job.name, o.job.period, slot, o.timezone);
  const runs = createJobRunStore({ db: o.db });
  const claim = await runs.claim({
    job: o.job.name,
    period: period.bucket,
    dueAt: slot,
    now,
    leaseMs: 10 * 60_000,
    owner: o.owner ?? "立即推送",
  });
  if (!claim) return { status: "already", period, record: await runs.find(o.job.name, period.bucket) };
  return { status: "claimed", period, claim };
}

/**
 * Runs a claimed period's job (reading only, so outside any transaction) and returns its messages;
 * `complete` marks the run done in the transaction that queues them, and fails when the claim ran
 * out and another run took the period over.
 */
export async function buildClaimedPush(o: {
  job: JobDefinition;
  claim: JobClaim;
  clock: Clock;
  timezone: string;
}) {
  const now = o.clock.now();
  const period = periodOf(o.job.name, o.job.period, currentSlot(o.job, now, o.timezone), o.timezone);
  if (period.bucket !== o.claim.period)
    throw new Error(`claimed ${o.claim.period}, building ${period.bucket}`);
  const messages = withIdempotencyKeys(
    period,
    await o.job.run({ period, now, timezone: o.timezone, reason: "manual" }),
  );
  return {
    period,
    messages,
    async complete(trx: Db): Promise<void> {
      if (!(await createJobRunStore({ db: trx }).complete(o.claim, o.clock.now(), messages.length)))
        throw new Error(`the claim on ${o.job.name} ${period.bucket} ran out before it was sent`);
    },
  };
}

/** 推送预览: what the job would send now, without claiming or sending. */
export async function previewPush(o: {
  job: JobDefinition;
  clock: Clock;
  timezone: string;
}): Promise<OutgoingMessage[]> {
  const now = o.clock.now();
  const period = periodOf(o.job.name, o.job.period, currentSlot(o.job, now, o.timezone), o.timezone);
  return withIdempotencyKeys(
    period,
    await o.job.run({ period, now, timezone: o.timezone, reason: "manual" }),
  );
}

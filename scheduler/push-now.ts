import type { Db } from "../storage/db.js";
import { withIdempotencyKeys } from "./idempotency.js";
import type { Clock, JobDefinition, OutgoingMessage } from "./job.js";
import { createJobRunStore, type JobRunRecord } from "./job-runs.js";
import { currentSlot, type Period, periodOf } from "./periods.js";

export type PushNowResult =
  | { status: "sent"; period: Period; messages: OutgoingMessage[] }
  | { status: "already"; period: Period; record: JobRunRecord | undefined };

/**
 * 立即推送: claims the job's current period and runs it, inside the caller's transaction (`db`), so
 * the claim and the queued messages commit together; the scheduled run of that period then skips.
 * The job must have been built over the same `db`.
 */
export async function pushNow(o: {
  db: Db;
  job: JobDefinition;
  clock: Clock;
  timezone: string;
  owner?: string;
}): Promise<PushNowResult> {
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
  const messages = withIdempotencyKeys(
    period,
    await o.job.run({ period, now, timezone: o.timezone, reason: "manual" }),
  );
  await runs.complete(claim, o.clock.now(), messages.length);
  return { status: "sent", period, messages };
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

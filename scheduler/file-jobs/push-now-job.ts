import { CAMPAIGN_TZ } from "../../base/clock.js";
import type { OutboundMessage } from "../../base/message.js";
import { createCampaignJobs } from "../campaign-jobs.js";
import { createJobRunStore, type JobClaim } from "../job-runs.js";
import { outboxSendHook } from "../outbox-hook.js";
import { buildClaimed, slotNow } from "../period-run.js";
import type { FileJobArgs, FileJobEnv, FileJobResult } from "./file-job-types.js";

const str = (v: unknown): string => String(v ?? "");

/**
 * 立即推送 <推送名>, after the message that claimed the period committed: the claimed period's push
 * built and queued as a scheduled run's is (scheduler/period-run.ts), the run marked done in the
 * transaction that queues it, and the asker told what went.
 */
export async function buildPushNow(args: FileJobArgs, env: FileJobEnv): Promise<FileJobResult> {
  const word = str(args.word);
  const timezone = args.timezone ? str(args.timezone) : CAMPAIGN_TZ;
  const crons = (args.crons ?? undefined) as Parameters<typeof createCampaignJobs>[1];
  const jobs = createCampaignJobs({ db: env.db, campaignYear: Number(args.campaignYear), timezone }, crons);
  const job = jobs.find((j) => j.name === args.job);
  if (!job) throw new Error(`no campaign job ${str(args.job)}`);
  const claim = args.claim as JobClaim;
  // A job queued before the slot was written down: its clock stands at the request, so the same slot.
  const slot = args.slot ? new Date(str(args.slot)) : slotNow(job, env.clock, timezone);
  const run = await buildClaimed({ job, claim, slot, clock: env.clock, timezone, reason: "manual" });
  const { period, messages } = run;
  const groups = new Set(messages.map((m) => `${m.target.platform}/${m.target.chatId}`)).size;
  const done: OutboundMessage = {
    kind: "text",
    text: messages.length
      ? `✅ 已推送${word}（${period.bucket}）：${messages.length} 条消息发往 ${groups} 个群。`
      : `本期${word}（${period.bucket}）没有要发送的内容（或尚无绑定的群），已记为完成。`,
  };
  return {
    messages: [{ message: done }],
    commit: (trx) => run.commit(trx, outboxSendHook(env.clock)),
    // The same end as a scheduled run's: an open 推送失败 alert for this job is over.
    after: () =>
      env.runEnded?.({ job: job.name, period: period.bucket, status: "done", attempt: claim.attempt }),
  };
}

/**
 * A push by hand that failed for good ends as a scheduled run's does: the run is marked failed (so
 * the period may be claimed again, by 立即推送 or the scheduler) and the operator alert is told.
 */
export async function pushNowFailed(
  args: FileJobArgs,
  env: Pick<FileJobEnv, "db" | "clock" | "runEnded">,
  reason: string,
): Promise<void> {
  const claim = args.claim as JobClaim;
  await createJobRunStore({ db: env.db }).fail(claim, env.clock.now(), reason.split("\n")[0] ?? reason);
  await env.runEnded?.({
    job: claim.job,
    period: claim.period,
    status: "failed",
    error: reason.split("\n")[0],
    attempt: claim.attempt,
    willRetry: false,
  });
}

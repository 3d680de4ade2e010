import { claimPeriod, slotNow } from "../scheduler/period-run.js";
import type { Command } from "./command.js";
import { jobNamed } from "./push-job.js";

/** Held while the push waits its turn among the files being built (one at a time) and is built. */
const CLAIM_MS = 10 * 60_000;

/** 立即推送 周通报: sends this period's push now; the scheduled one of the same period then skips. */
export const pushNowCommand: Command = {
  name: "立即推送",
  roles: ["admin"],
  summary: "立即发送本期定时推送（每期只发一次，定时任务随后不再重复）",
  usage: "立即推送 周通报\n立即推送 报送提醒",
  async run(ctx, args) {
    const { word, job, timezone } = jobNamed(ctx, args, "立即推送");
    // The same claim as a scheduled run's (scheduler/period-run.ts), in this message's transaction.
    const slot = slotNow(job, ctx.clock, timezone);
    const result = await claimPeriod({
      db: ctx.repos.db,
      job,
      slot,
      clock: ctx.clock,
      timezone,
      leaseMs: CLAIM_MS,
      owner: "立即推送",
    });
    if (result.status === "already") {
      const how = result.record?.status === "claimed" ? "正在推送" : "已推送";
      ctx.reply(`本期${word}（${result.period.bucket}）${how}，不再重复发送。`);
      return;
    }
    // The period is claimed with this message; the push is built after it commits
    // (scheduler/file-jobs/file-job-kinds.ts) and marked done when its messages are queued.
    ctx.queueFile("push-now", {
      job: job.name,
      word,
      campaignYear: ctx.settings.campaignYear,
      // The job is built again after the commit as the scheduler's configuration has it.
      timezone,
      crons: ctx.settings.schedule?.crons ?? null,
      claim: { ...result.claim },
      slot: slot.toISOString(),
    });
  },
};

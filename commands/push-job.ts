import { CAMPAIGN_TZ } from "../base/clock.js";
import { InputError } from "../base/errors.js";
import { createCampaignJobs, JOB_WORDS } from "../scheduler/campaign-jobs.js";
import type { JobDefinition } from "../scheduler/job.js";
import type { KnownContext } from "./context.js";

/** The campaign job a 推送预览 / 立即推送 names, built over the message's transaction, and its zone. */
export function jobNamed(
  ctx: KnownContext,
  args: string,
  command: string,
): { word: string; job: JobDefinition; timezone: string } {
  const word = args.trim();
  const name = JOB_WORDS[word];
  if (!name) {
    throw new InputError(
      `请写明推送哪一项，例如：${command} 周通报\n可选：${Object.keys(JOB_WORDS).join("、")}`,
    );
  }
  // The scheduler's own configuration: a moved SCHEDULE_* time or zone moves the period pushed by hand too.
  const timezone = ctx.settings.schedule?.timezone ?? CAMPAIGN_TZ;
  const jobs = createCampaignJobs(
    { db: ctx.repos.db, campaignYear: ctx.settings.campaignYear, timezone },
    ctx.settings.schedule?.crons,
  );
  const job = jobs.find((j) => j.name === name);
  if (!job) throw new Error(`no campaign job ${name} for ${word}`);
  return { word, job, timezone };
}

/** How many groups a list of messages goes to. */
export function groupCount(messages: { target: { platform: string; chatId?: string } }[]): number {
  return new Set(messages.map((m) => `${m.target.platform}/${m.target.chatId}`)).size;
}

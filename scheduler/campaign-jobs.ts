import type { JobDefinition } from "./job.js";
import { monthlySummaryJob, weeklyBulletinJob } from "./jobs/bulletin-jobs.js";
import type { CampaignDeps } from "./jobs/campaign-context.js";
import { deadlineWarningsJob } from "./jobs/deadline-warnings-job.js";
import { ledgerHeadsUpJob, ledgerReminderJob, submissionStatusJob } from "./jobs/ledger-jobs.js";
import { type CampaignJobName, DEFAULT_CRONS } from "./schedule-config.js";

export type { CampaignDeps } from "./jobs/campaign-context.js";

/**
 * The campaign calendar as scheduler jobs: 20日预告, 23日提醒, 23日晚报送情况, 周一周通报, 1日月小结,
 * 每日期限提醒.
 *
 * @example
 *   const jobs = createCampaignJobs({ db, campaignYear: 2017, timezone: "Asia/Shanghai" }, config.crons);
 */
export function createCampaignJobs(
  deps: CampaignDeps,
  crons: Record<CampaignJobName, string> = DEFAULT_CRONS,
): JobDefinition[] {
  return [
    ledgerHeadsUpJob(crons["ledger-headsup"], deps),
    ledgerReminderJob(crons["ledger-reminder"], deps),
    submissionStatusJob(crons["submission-status"], deps),
    weeklyBulletinJob(crons["weekly-bulletin"], deps),
    monthlySummaryJob(crons["monthly-summary"], deps),
    deadlineWarningsJob(crons["deadline-warnings"], deps),
  ];
}

/** The words 推送预览 / 立即推送 accept for each job. */
export const JOB_WORDS: Record<string, CampaignJobName> = {
  周通报: "weekly-bulletin",
  月小结: "monthly-summary",
  报送预告: "ledger-headsup",
  报送提醒: "ledger-reminder",
  报送情况: "submission-status",
  期限提醒: "deadline-warnings",
};

import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import type { Db } from "../storage/db.js";
import type { OperatorAlerts } from "./alerts/operator-alerts.js";
import { pushAlerts } from "./alerts/push-alerts.js";
import { createCampaignJobs } from "./campaign-jobs.js";
import { type BackupJobOptions, backupJob } from "./jobs/backup-job.js";
import { supervisionDailyJob } from "./jobs/supervision-job.js";
import { outboxSendHook } from "./outbox-hook.js";
import type { ScheduleConfig } from "./schedule-config.js";
import { createScheduler, type Scheduler } from "./scheduler.js";

/**
 * The campaign's pushes over the bot's database and outbox; undefined when SCHEDULER=off.
 *
 * @example
 *   const scheduler = await startCampaignScheduler({ db, clock, log, campaignYear: () => 2017,
 *     schedule: scheduleConfigFromEnv(), onQueued: () => bot.outbox.kick() });
 *   … await scheduler?.stop();
 */
export async function startCampaignScheduler(o: {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Asked at each run: a year that follows the clock moves on at New Year. */
  campaignYear: () => number;
  schedule: ScheduleConfig;
  onQueued: () => void;
  /** Failed and missed pushes are told to the 管理员. */
  alerts?: OperatorAlerts;
  /** Scheduled backups, when BACKUP_CRON is set. */
  backup?: Omit<BackupJobOptions, "log">;
}): Promise<Scheduler | undefined> {
  if (!o.schedule.enabled) return undefined;
  const scheduler = createScheduler({
    db: o.db,
    clock: o.clock,
    jobs: [
      ...createCampaignJobs(
        {
          db: o.db,
          get campaignYear() {
            return o.campaignYear();
          },
          timezone: o.schedule.timezone,
        },
        o.schedule.crons,
      ),
      supervisionDailyJob(o.schedule.crons["supervision-daily"], { db: o.db, clock: o.clock, log: o.log }),
      ...(o.backup ? [backupJob({ ...o.backup, log: o.log.child({ part: "backup" }) })] : []),
    ],
    timezone: o.schedule.timezone,
    graceMs: o.schedule.graceMs,
    logger: o.log.child({ part: "scheduler" }),
    send: outboxSendHook(o.clock),
    onQueued: o.onQueued,
    ...(o.alerts ? { onRunEnd: pushAlerts(o.alerts) } : {}),
  });
  await scheduler.start();
  return scheduler;
}

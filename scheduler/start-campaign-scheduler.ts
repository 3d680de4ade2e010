import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import type { Db } from "../storage/db.js";
import { createCampaignJobs } from "./campaign-jobs.js";
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
    ],
    timezone: o.schedule.timezone,
    graceMs: o.schedule.graceMs,
    logger: o.log.child({ part: "scheduler" }),
    send: outboxSendHook(o.clock),
    onQueued: o.onQueued,
  });
  await scheduler.start();
  return scheduler;
}

import type { Logger } from "pino";
import type { Clock } from "../../base/clock.js";
import type { Db } from "../../storage/db.js";
import type { JobDefinition } from "../job.js";
import { runDailySupervision } from "../supervision/daily-supervision.js";

/**
 * Every morning: the escalation ladder (限期整治 → 报区大气办建议约谈) and the 回头看 re-inspections due.
 * The runner queues its own messages and is idempotent per day, so a re-run sends nothing new;
 * the job's claim keeps it to one run a day across instances all the same.
 */
export function supervisionDailyJob(
  cron: string,
  deps: { db: Db; clock: Clock; log: Logger },
): JobDefinition {
  return {
    name: "supervision-daily",
    cron,
    period: "day",
    async run() {
      const queued = await runDailySupervision({ db: deps.db, clock: deps.clock, log: deps.log });
      deps.log.info({ queued: queued.length }, "daily supervision ran");
      return [];
    },
  };
}

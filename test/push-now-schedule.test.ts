import { afterEach, describe, expect, test } from "vitest";
import { createBotSettings } from "../commands/context.js";
import { createCampaignJobs } from "../scheduler/campaign-jobs.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { type ScheduleConfig, scheduleConfigFromEnv } from "../scheduler/schedule-config.js";
import { createScheduler, type Scheduler } from "../scheduler/scheduler.js";
import type { Db } from "../storage/db.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { seedDistrict, silentLog, startTestBot } from "./helpers/test-bot.js";

const DISTRICT = "区级工作群";

// An operator set the zone (SCHEDULE_TIMEZONE): 立即推送 and 推送预览 must pick the period the scheduled run
// picks, or a push goes out twice (or not at all). (A moved SCHEDULE_* time changes the slot's time, never
// its period: the period is the one now is in.)
describe.each(ENGINES)("立即推送 on the configured schedule (%s)", (engine) => {
  let db: Db;
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let scheduler: Scheduler;

  async function start(env: NodeJS.ProcessEnv, at: string) {
    const schedule: ScheduleConfig = scheduleConfigFromEnv(env);
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir, {
      start: at,
      settings: (clock) => createBotSettings({ campaignYear: 2017, botName: "整治助手", schedule }, clock),
    });
    await t.say("周管理", DISTRICT, "绑定 区级");
    // The scheduler on the same configuration, as main.ts starts it.
    scheduler = createScheduler({
      db,
      clock: t.clock,
      jobs: createCampaignJobs({ db, campaignYear: 2017, timezone: schedule.timezone }, schedule.crons),
      timezone: schedule.timezone,
      logger: silentLog,
      send: outboxSendHook(t.clock),
      onQueued: () => t.bot.outbox.kick(),
    });
  }

  afterEach(async () => {
    await scheduler.stop();
    await t.bot.stop();
    await db.destroy();
  });

  test("SCHEDULE_TIMEZONE=UTC: 立即推送 周通报 pushes the week the scheduler is in, in that zone", async () => {
    // Sunday 20:00 UTC is already Monday 04:00 in Shanghai: in UTC the week is still W11.
    await start({ SCHEDULE_TIMEZONE: "UTC" }, "2017-03-19T20:00:00.000Z");
    expect(await t.say("周管理", DISTRICT, "立即推送 周通报")).toMatch(/^✅ 已推送周通报（2017-W11）/);
    // The scheduler (same zone) owes nothing more this week.
    expect(await scheduler.runNow("weekly-bulletin")).toMatchObject({ status: "not-claimed" });
  });
});

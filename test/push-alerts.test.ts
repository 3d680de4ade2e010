import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import { pushAlerts } from "../scheduler/alerts/push-alerts.js";
import type { JobDefinition } from "../scheduler/job.js";
import { createJobRunStore } from "../scheduler/job-runs.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { createScheduler } from "../scheduler/scheduler.js";
import { createMemoryChat } from "./fakes/memory-chat.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { seedDistrict, silentLog } from "./helpers/test-bot.js";

// A scheduled push that failed, or went by while the bot was down, is told to the 管理员 once; the
// next run of that job that goes out is the all-clear.

describe.each(ENGINES)("push alerts (%s)", (engine) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(now: string, job: JobDefinition) {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const clock = fixedClock(now);
    const chat = createMemoryChat("memchat");
    const bot = createBot({
      db: fresh.db,
      dataDir: fresh.dir,
      clock,
      log: silentLog,
      settings: { campaignYear: 2026, botName: "整治助手" },
      outboxPollMs: 60_000,
    });
    await bot.start([chat.platform]);
    const scheduler = createScheduler({
      db: fresh.db,
      clock,
      jobs: [job],
      logger: silentLog,
      send: outboxSendHook(clock),
      retryMs: 60 * 60_000,
      onRunEnd: pushAlerts(bot.alerts),
    });
    cleanup.push(
      () => fresh.db.destroy(),
      () => bot.stop(),
      () => scheduler.stop(),
    );
    const toAdmin = async () => {
      await scheduler.idle();
      await bot.settle();
      return chat.sent
        .filter((s) => s.target.userId === "周管理")
        .map((s) => (s.message as { text: string }).text);
    };
    return { db: fresh.db, clock, chat, bot, scheduler, toAdmin };
  }

  test("a push that fails is told once; the next run that goes out ends it", async () => {
    let calls = 0;
    const bulletin: JobDefinition = {
      name: "weekly-bulletin",
      cron: "0 9 * * 1",
      period: "week",
      run: () => {
        calls++;
        if (calls === 1) throw new Error("database is locked");
        return [
          {
            target: { platform: "memchat", chatId: "区级工作群" },
            message: { kind: "text", text: "周通报" },
          },
        ];
      },
    };
    // Monday 2026-03-02 10:00 in Shanghai: the 09:00 slot is caught up at start, and fails once.
    const { scheduler, toAdmin, chat } = await setup("2026-03-02T02:00:00.000Z", bulletin);
    await scheduler.start();
    await scheduler.idle();
    expect(await toAdmin()).toEqual([
      "⚠️ 运行告警：定时推送“周通报”失败\n2026-W10 第 1 次失败：database is locked。将自动重试。\n恢复后另行通知，期间同类问题不再重复提醒。",
    ]);
    // The retry (here by hand, as 立即推送 would) goes out.
    expect((await scheduler.runNow("weekly-bulletin")).status).toBe("sent");
    const told = await toAdmin();
    expect(told).toHaveLength(2);
    expect(told[1]).toMatch(/^✅ 告警解除：定时推送“周通报”失败\n持续 1 分钟。2026-W10 的“周通报”已发出。$/);
    expect(chat.textsIn("区级工作群")).toEqual(["周通报"]);
  });

  test("a push due while the bot was down and past its grace is recorded missed and told; 立即推送 still sends it", async () => {
    const reminder: JobDefinition = {
      name: "ledger-reminder",
      cron: "0 9 23 * *",
      period: "month",
      run: ({ period }) => [
        {
          target: { platform: "memchat", chatId: "古荥镇工作群" },
          message: { kind: "text", text: `提醒 ${period.bucket}` },
        },
      ],
    };
    // It ran in February; the bot was down over 3月23日 and starts again on the 24th.
    const { db, scheduler, toAdmin, chat } = await setup("2026-03-24T02:00:00.000Z", reminder);
    const runs = createJobRunStore({ db });
    const feb = await runs.claim({
      job: "ledger-reminder",
      period: "2026-02",
      dueAt: new Date("2026-02-23T01:00:00Z"),
      now: new Date("2026-02-23T01:00:00Z"),
      leaseMs: 60_000,
    });
    await runs.complete(feb!, new Date("2026-02-23T01:00:01Z"), 1);
    await scheduler.start();
    await scheduler.idle();
    expect((await runs.find("ledger-reminder", "2026-03"))?.status).toBe("missed");
    expect(await toAdmin()).toEqual([
      "⚠️ 运行告警：定时推送“报送提醒”未发出\n2026-03 的推送到期时机器人未运行，已过补发时限。可发送「立即推送 报送提醒」补发。\n恢复后另行通知，期间同类问题不再重复提醒。",
    ]);
    // A second start does not tell again.
    await scheduler.stop();
    await scheduler.start();
    expect(await toAdmin()).toHaveLength(1);

    expect((await scheduler.runNow("ledger-reminder")).status).toBe("sent");
    expect((await toAdmin())[1]).toMatch(/^✅ 告警解除：定时推送“报送提醒”未发出\n/);
    expect(chat.textsIn("古荥镇工作群")).toEqual(["提醒 2026-03"]);
  });

  test("a fresh install has missed nothing", async () => {
    const reminder: JobDefinition = {
      name: "ledger-reminder",
      cron: "0 9 23 * *",
      period: "month",
      run: () => [],
    };
    const { db, scheduler, toAdmin } = await setup("2026-03-24T02:00:00.000Z", reminder);
    await scheduler.start();
    expect(await toAdmin()).toEqual([]);
    expect(await createJobRunStore({ db }).list()).toEqual([]);
  });
});

import { afterEach, describe, expect, test } from "vitest";
import { pushAlerts } from "../scheduler/alerts/push-alerts.js";
import { createCampaignJobs } from "../scheduler/campaign-jobs.js";
import type { JobDefinition } from "../scheduler/job.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { createScheduler, type Scheduler } from "../scheduler/scheduler.js";
import type { Db } from "../storage/db.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, silentLog, startTestBot } from "./helpers/test-bot.js";

const DISTRICT = "区级工作群";
const LEADERS = "领导小组群";
const ADMIN = "周管理";
/** Monday 2017-03-20 09:30 in Shanghai: the 09:00 周通报 of 2017-W12 is due. */
const MONDAY = "2017-03-20T01:30:00.000Z";

// 立即推送 in a chat, scheduler.runNow and a scheduled run are one push (scheduler/period-run.ts): the
// same messages, one period claimed by whichever comes first, and the same end (alerts included).
describe.each(ENGINES)("立即推送 and the scheduled run are one push (%s)", (engine) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(jobs?: (db: Db) => JobDefinition[]) {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir);
    cleanup.push(
      () => fresh.db.destroy(),
      () => t.bot.stop(),
    );
    await t.say(ADMIN, DISTRICT, "绑定 区级");
    await t.say(ADMIN, LEADERS, "绑定 领导");
    await t.say("张三", GY_GROUP, REPORT);
    t.clock.set(MONDAY);
    const scheduler: Scheduler = createScheduler({
      db: fresh.db,
      clock: t.clock,
      jobs:
        jobs?.(fresh.db) ??
        createCampaignJobs({ db: fresh.db, campaignYear: 2017, timezone: "Asia/Shanghai" }),
      timezone: "Asia/Shanghai",
      logger: silentLog,
      send: outboxSendHook(t.clock),
      onQueued: () => t.bot.outbox.kick(),
      retryMs: 60 * 60_000,
      onRunEnd: pushAlerts(t.bot.alerts),
    });
    cleanup.push(() => scheduler.stop());
    const settle = async () => {
      await scheduler.idle();
      await t.bot.settle();
    };
    /** The 周通报's rows in the outbox: key, chat and what each says (a chart by its size). */
    const bulletinRows = async () =>
      (await fresh.db("outbox").where("idempotency_key", "like", "weekly-bulletin:%").orderBy("id")).map(
        (r) => {
          const m = JSON.parse(r.message_json);
          return { key: r.idempotency_key, target: r.target_json, kind: m.kind, text: m.text ?? null };
        },
      );
    const bulletins = (chat: string) => t.chat.textsIn(chat).filter((x) => x.startsWith("【周通报】"));
    const toAdmin = () =>
      t.chat.sent.filter((s) => s.target.userId === ADMIN).map((s) => (s.message as { text: string }).text);
    return { ...t, db: fresh.db, scheduler, settle, bulletinRows, bulletins, toAdmin };
  }

  test("the command and runNow queue the same push: same keys, chats and words", async () => {
    const byHand = await setup();
    expect(await byHand.say(ADMIN, DISTRICT, "立即推送 周通报")).toMatch(/^✅ 已推送周通报（2017-W12）：/);
    const byScheduler = await setup();
    expect(await byScheduler.scheduler.runNow("weekly-bulletin")).toMatchObject({ status: "sent" });
    await byScheduler.settle();
    const rows = await byHand.bulletinRows();
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(["text", "image"]));
    expect(await byScheduler.bulletinRows()).toEqual(rows);
    expect(byHand.bulletins(LEADERS)).toEqual(byScheduler.bulletins(LEADERS));
  });

  test("立即推送, then the scheduler starts in the same period: the 周通报 goes once", async () => {
    const t = await setup();
    expect(await t.say(ADMIN, DISTRICT, "立即推送 周通报")).toMatch(/^✅ 已推送周通报（2017-W12）：/);
    await t.scheduler.start(); // 09:30: the 09:00 slot is caught up — and already claimed by hand
    await t.settle();
    expect(await t.scheduler.runNow("weekly-bulletin")).toMatchObject({ status: "not-claimed" });
    await t.settle();
    expect(t.bulletins(LEADERS)).toHaveLength(1);
  });

  test("the scheduled run first, then 立即推送: told it went, nothing sent again", async () => {
    const t = await setup();
    await t.scheduler.start();
    await t.settle();
    expect(t.bulletins(LEADERS)).toHaveLength(1);
    expect(await t.say(ADMIN, DISTRICT, "立即推送 周通报")).toBe(
      "本期周通报（2017-W12）已推送，不再重复发送。",
    );
    expect(t.bulletins(LEADERS)).toHaveLength(1);
  });

  test("a scheduled 周通报 that failed is told to the 管理员; 立即推送 by hand ends the alert as a run would", async () => {
    // The scheduled run's job fails (as on a database that is locked); the command builds the real one.
    const failing: JobDefinition = {
      name: "weekly-bulletin",
      cron: "0 9 * * 1",
      period: "week",
      run: () => {
        throw new Error("database is locked");
      },
    };
    const t = await setup(() => [failing]);
    await t.scheduler.start();
    await t.settle();
    expect(t.toAdmin()).toEqual([
      "⚠️ 运行告警：定时推送“周通报”失败\n2017-W12 第 1 次失败：database is locked。将自动重试。\n恢复后另行通知，期间同类问题不再重复提醒。",
    ]);
    await t.say(ADMIN, DISTRICT, "立即推送 周通报");
    await t.settle();
    expect(t.bulletins(LEADERS)).toHaveLength(1);
    expect(t.toAdmin()).toHaveLength(2);
    expect(t.toAdmin()[1]).toMatch(/^✅ 告警解除：定时推送“周通报”失败\n.*2017-W12 的“周通报”已发出。$/s);
  });

  test("a 立即推送 that fails for good ends as a failed run: told, alerted, and the next 立即推送 sends it", async () => {
    const t = await setup();
    // The cases cannot be read while the push is built (the command itself reads none).
    await t.db.schema.renameTable("enterprises", "enterprises_away");
    await t.say(ADMIN, DISTRICT, "立即推送 周通报");
    for (let i = 0; i < 3; i++) {
      // The build is tried again after 2 s, then 4 s (file jobs), then given up.
      t.clock.set(new Date(t.clock.now().getTime() + 10_000).toISOString());
      t.bot.fileJobs.kick();
      await t.settle();
    }
    expect(t.chat.lastIn(DISTRICT)).toBe("生成周通报时出错，已记录，请稍后再试或联系管理员。");
    expect(t.toAdmin().at(-1)).toMatch(
      /^⚠️ 运行告警：定时推送“周通报”失败\n2017-W12 第 1 次失败：.*不再自动重试。可发送「立即推送 周通报」补发。/s,
    );
    await t.db.schema.renameTable("enterprises_away", "enterprises");
    expect(await t.say(ADMIN, DISTRICT, "立即推送 周通报")).toMatch(/^✅ 已推送周通报（2017-W12）：/);
    expect(t.bulletins(LEADERS)).toHaveLength(1);
    expect(t.toAdmin().at(-1)).toMatch(/^✅ 告警解除：定时推送“周通报”失败/);
  });
});

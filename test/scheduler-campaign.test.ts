import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createCampaignJobs } from "../scheduler/campaign-jobs.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { createScheduler, type Scheduler } from "../scheduler/scheduler.js";
import type { Db } from "../storage/db.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, silentLog, startTestBot } from "./helpers/test-bot.js";

const LEADERS = "领导小组群";
const DISTRICT = "区级工作群";

describe.each(ENGINES)("the campaign's pushes through the bot (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Db;
  let scheduler: Scheduler;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir, { start: "2017-03-01T02:00:00.000Z" });
    await t.say("周管理", LEADERS, "绑定 领导");
    await t.say("周管理", DISTRICT, "绑定 区级");
    // Two cases in 古荥镇: one due 3-31, one due 3-10 (overdue by the bulletin).
    await t.say("张三", GY_GROUP, REPORT);
    await t.say(
      "张三",
      GY_GROUP,
      REPORT.replace("黄河塑料加工厂", "顺发铸造厂")
        .replace("2017-03-31", "2017-03-10")
        .replace("限期拆除", "整改完善"),
    );
    scheduler = createScheduler({
      db,
      clock: t.clock,
      jobs: createCampaignJobs({ db, campaignYear: 2017, timezone: "Asia/Shanghai" }),
      logger: silentLog,
      send: outboxSendHook(t.clock),
      onQueued: () => t.bot.outbox.kick(),
    });
  });

  afterEach(async () => {
    await scheduler.stop();
    await t.bot.stop();
    await db.destroy();
  });

  const push = async (job: string) => {
    const outcome = await scheduler.runNow(job);
    await t.bot.settle();
    return outcome;
  };
  const images = (chat: string) =>
    t.chat.sent.filter((s) => s.target.chatId === chat && s.message.kind === "image");

  test("周通报 on Monday: text and chart to the town group and the leaders, 逾期清单 to the town", async () => {
    t.clock.set("2017-03-20T01:00:00.000Z"); // Monday 09:00
    expect(await push("weekly-bulletin")).toMatchObject({
      status: "sent",
      period: { key: "weekly-bulletin:2017-W12" },
    });
    const town = t.chat.textsIn(GY_GROUP);
    const bulletin = town.find((x) => x.startsWith("【周通报】"))!;
    expect(bulletin.split("\n").slice(0, 3)).toEqual([
      "【周通报】2017年第11周（3月13日—3月19日）",
      "全区在册 2 家，本周新增 0，本周完成 0，累计销号 0，逾期 1，完成率 0.0%。",
      "距整治情况总结上报期限（8月29日）还有 162 天",
    ]);
    // No town has declared 排查完成, and the 2月28日 milestone is past.
    expect(bulletin.split("\n")[3]).toMatch(/^排查逾期未报完成（期限2月28日）8 个：古荥镇、/);
    // Towns with no case on file have no rate and come last.
    expect(bulletin.split("\n").slice(5, 7)).toEqual([
      "1. 古荥镇：完成率 0.0% · 逾期 1 · 在册 2 · 新增 0 · 完成 0 · 销号 0",
      "2. 大河路街道：完成率 — · 逾期 0 · 在册 0 · 新增 0 · 完成 0 · 销号 0",
    ]);
    expect(town.at(-1)).toMatch(/^【古荥镇逾期清单】共 1 家/);
    expect(town.at(-1)).toContain("顺发铸造厂（整改完善，期限3月10日，逾期 10 天，分包责任人：张三）");
    expect(images(GY_GROUP)).toHaveLength(1);
    expect(t.chat.textsIn(LEADERS).at(-1)).toBe(bulletin);
    // The leaders also get the district's wall chart (挂图) as it stands.
    expect(images(LEADERS).map((s) => (s.message as { fileName: string }).fileName)).toEqual([
      "周通报-2017-W11.png",
      "挂图-2017-W11.png",
    ]);
    // The same week again: nothing more.
    expect((await push("weekly-bulletin")).status).toBe("not-claimed");
    expect(images(GY_GROUP)).toHaveLength(1);
  });

  test("报送 and the 23rd: the reminder to the town, the evening status to the district", async () => {
    t.clock.set("2017-03-23T01:00:00.000Z");
    await push("ledger-reminder");
    const reminder = t.chat.lastIn(GY_GROUP);
    expect(reminder).toMatch(/^【台账报送提醒】古荥镇：今天（3月23日）是本月工作台账报送截止日/);
    // Both cases were reported on 3-1 and not touched since: this month they were, so none is stale.
    expect(reminder).toContain("本月在办案件均已更新进展。");

    t.clock.set("2017-03-23T03:00:00.000Z");
    expect(await t.say("李四", GY_GROUP, "报送")).toContain(
      "✅ 已记录：古荥镇3月工作台账已报送（3月23日，李四）。\n尚缺：盖章件、工作总结。",
    );
    expect(await t.say("李四", GY_GROUP, "报送")).toBe("古荥镇3月工作台账已于3月23日确认报送，无需重复。");

    t.clock.set("2017-03-23T10:00:00.000Z");
    await push("submission-status");
    const status = t.chat.lastIn(DISTRICT).split("\n");
    expect(status.slice(0, 4)).toEqual([
      "【台账报送情况】2017年3月（截至3月23日 18:00）",
      "报送齐全 0 个。",
      "尚未齐全 8 个：",
      "· 古荥镇：电子版 3月23日 · 盖章件 未交 · 工作总结 未交（尚缺：盖章件、工作总结）",
    ]);
    expect(status).toHaveLength(11);
  });

  test("the 20th next month lists the cases with no update since the 1st, with 分包责任人", async () => {
    t.clock.set("2017-04-20T01:00:00.000Z");
    await push("ledger-headsup");
    expect(t.chat.lastIn(GY_GROUP)).toContain(
      "本月尚未更新进展的在办案件 2 家，请分包责任人更新：\n· GY-0002 顺发铸造厂（分包责任人：张三）\n· GY-0001 黄河塑料加工厂（分包责任人：张三）",
    );
  });

  test("deadline warnings 7 days before; 月小结 on the 1st against the month before", async () => {
    t.clock.set("2017-03-24T00:30:00.000Z");
    await push("deadline-warnings");
    expect(t.chat.lastIn(GY_GROUP)).toBe(
      "【整治期限提醒】古荥镇 3月24日\n7 天后到期（3月31日）：\n· GY-0001 黄河塑料加工厂（限期拆除，分包责任人：张三）",
    );
    t.clock.set("2017-04-01T01:00:00.000Z");
    await push("monthly-summary");
    const summary = t.chat.lastIn(LEADERS);
    expect(summary.split("\n")[0]).toBe("【月小结】2017年3月");
    expect(summary).toContain("全区在册 2 家，本月新增 2");
    expect(t.chat.lastIn(DISTRICT)).toBe(summary);
    expect(t.chat.lastIn(GY_GROUP)).toBe(summary);
  });

  test("推送预览 shows without sending; 立即推送 sends once and the scheduled run skips", async () => {
    t.clock.set("2017-03-20T00:00:00.000Z");
    const preview = await t.say("周管理", DISTRICT, "推送预览 周通报");
    expect(t.chat.textsIn(DISTRICT).at(-3)).toBe("推送预览：周通报将向 2 个群发送 6 条消息，以下为示例：");
    expect(preview).toMatch(/^【古荥镇逾期清单】/);
    expect(t.chat.textsIn(GY_GROUP).some((x) => x.startsWith("【周通报】"))).toBe(false);

    expect(await t.say("张三", GY_GROUP, "立即推送 周通报")).toContain("仅限管理员");
    expect(await t.say("周管理", DISTRICT, "立即推送 周通报")).toBe(
      "✅ 已推送周通报（2017-W12）：6 条消息发往 2 个群。",
    );
    expect(t.chat.textsIn(GY_GROUP).filter((x) => x.startsWith("【周通报】"))).toHaveLength(1);
    expect(await t.say("周管理", DISTRICT, "立即推送 周通报")).toBe(
      "本期周通报（2017-W12）已推送，不再重复发送。",
    );
    t.clock.set("2017-03-20T01:00:00.000Z");
    expect((await push("weekly-bulletin")).status).toBe("not-claimed");
    expect(t.chat.textsIn(GY_GROUP).filter((x) => x.startsWith("【周通报】"))).toHaveLength(1);
    expect(await t.say("周管理", DISTRICT, "立即推送 周报")).toContain("可选：周通报、月小结");
  });
});

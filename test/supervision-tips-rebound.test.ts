import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runReboundChecks } from "../scheduler/supervision/rebound-run.js";
import { runTipDeadlines } from "../scheduler/supervision/tip-deadlines.js";
import { createRepos } from "../storage/repos.js";
import { createSupervisionRepos } from "../storage/supervision-repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { HYK_GROUP, photo, privateTexts, seedSupervision } from "./helpers/supervision-district.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const FIELDS = [
  "企业名称：黄河喷漆点",
  "企业类型：小散乱污",
  "企业规模：3人",
  "原辅材料：油漆",
  "涉水涉气：涉气",
  "有无手续：无",
  "整治要求：限期拆除",
  "整治期限：4月15日",
  "分包责任人：张三",
].join("\n");

describe.each(ENGINES)("12369 tips and 回头看 (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    await seedSupervision(db, {});
    t = await startTestBot(db, fresh.dir);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("a tip with a photo goes to the town, is found true, and becomes a case with the tip's photo", async () => {
    let reply = await t.say("赵六", "@赵六", "线索 夜间露天喷漆，气味刺鼻 地点 古荥镇黄河村三组 来源 12369");
    expect(reply).toContain("✅ 已登记线索 XS-0001，交古荥镇核实（期限 2017年3月8日），已通知该镇（办）");
    const notice = t.chat.lastIn(GY_GROUP);
    expect(notice).toContain("📢 举报线索 XS-0001（来源：12369），请古荥镇核实");
    expect(notice).toContain("地点：古荥镇黄河村三组");
    reply = await t.say("赵六", "@赵六", { photo: await photo(30) });
    expect(reply).toContain("📷 照片已存入线索 XS-0001（共1张）");

    reply = await t.say("钱七", "@钱七", "核实 XS-0001 属实");
    expect(reply).toContain("线索 XS-0001 由古荥镇核实，您只能核实本镇（办）的线索");
    reply = await t.say("李四", GY_GROUP, "核实 XS-0001");
    expect(reply).toContain("请写明核实结果");

    reply = await t.say("李四", GY_GROUP, "核实 XS-0001 属实");
    expect(reply).toContain("上报未完成，已记下 3 项（镇（办）、所在村组、备注）");
    expect(reply).toContain("企业名称：缺少");
    expect(t.chat.textsIn(GY_GROUP).at(-2)).toContain("线索 XS-0001 核实属实，转为企业上报");

    reply = await t.say("李四", GY_GROUP, FIELDS);
    expect(reply).toContain("🔗 线索 XS-0001 已转为案件【GY-0001】，线索照片 1 张已存入档案");
    const card = t.chat.textsIn(GY_GROUP).at(-2)!;
    expect(card).toContain("✅ 已上报 GY-0001");
    expect(card).toContain("镇（办）：古荥镇 · 古荥镇黄河村三组");
    expect(card).toContain("备注：12369举报线索 XS-0001：夜间露天喷漆，气味刺鼻");

    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toContain("照片：1 张");
    expect(reply).toContain("李四 线索转案件：由12369举报线索 XS-0001 核实转为案件");
    const tip = await createSupervisionRepos(db).tips.byNo("XS-0001");
    expect(tip).toMatchObject({ status: "confirmed", enterpriseId: 1 });
    expect(await t.say("李四", GY_GROUP, "核实 XS-0001 不属实 看错了")).toContain(
      "已核实（属实），无需重复核实",
    );
  });

  test("a tip found untrue is closed with its reason; 线索 lists what is still to verify", async () => {
    await t.say("张三", GY_GROUP, "线索 河边有小锅炉冒黑烟 地点 黄河村五组");
    await t.say("王五", "@王五", "线索 废塑料加工 地点 花园口镇八堡村 来源 市长热线 期限 3月5日");
    let reply = await t.say("李四", GY_GROUP, "线索");
    expect(reply).toContain("待核实线索 1 条");
    expect(reply).toContain("XS-0001 古荥镇 · 黄河村五组");
    expect(t.chat.lastIn(HYK_GROUP)).toContain("XS-0002（来源：市长热线），请花园口镇核实");

    reply = await t.say("李四", GY_GROUP, "核实 XS-0001 不属实");
    expect(reply).toContain("请说明不属实的理由");
    reply = await t.say("李四", GY_GROUP, "核实 XS-0001 不属实 系居民燃气壁挂炉排气");
    expect(reply).toContain("✅ 线索 XS-0001（黄河村五组）核实不属实，已办结。理由：系居民燃气壁挂炉排气");
    expect(privateTexts(t.chat, "张三").at(-1)).toContain("核实不属实");
    expect(await t.say("李四", GY_GROUP, "线索")).toContain("暂无待核实的线索");
    t.clock.set("2017-03-07T02:00:00.000Z");
    expect(await t.say("王五", "@王五", "线索")).toContain(
      "XS-0002 花园口镇 · 花园口镇八堡村\n  废塑料加工 · 核实期限3月5日 ⚠️逾期2天",
    );
  });

  test("a tip left unverified past its deadline is reminded to the town group once", async () => {
    await t.say("赵六", "@赵六", "线索 夜间露天喷漆 地点 古荥镇黄河村三组 来源 12369");
    const before = t.chat.textsIn(GY_GROUP).length;
    // Within the deadline (2017-03-08): nothing.
    t.clock.set("2017-03-08T01:00:00.000Z");
    await runTipDeadlines({ db, clock: t.clock });
    await t.bot.settle();
    expect(t.chat.textsIn(GY_GROUP)).toHaveLength(before);
    // The day after: one reminder, and only one however often the daily run goes.
    t.clock.set("2017-03-10T01:00:00.000Z");
    await runTipDeadlines({ db, clock: t.clock });
    t.clock.set("2017-03-11T01:00:00.000Z");
    await runTipDeadlines({ db, clock: t.clock });
    await t.bot.settle();
    const reminders = t.chat.textsIn(GY_GROUP).slice(before);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain("⏰ 线索 XS-0001 已超过核实期限 2 天（期限 2017年3月8日）");
    expect(reminders[0]).toContain("核实 XS-0001 属实");
    // Once verified, it is no longer reminded.
    await t.say("李四", GY_GROUP, "核实 XS-0001 不属实 现场为汽修店，无喷漆");
    t.clock.set("2017-03-20T01:00:00.000Z");
    expect(await runTipDeadlines({ db, clock: t.clock })).toHaveLength(0);
  });

  test("回头看: closed cases get checks at 1, 3, 6 months; a rebound reopens the case and counts", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    t.clock.advance(60_000);
    await t.say("张三", GY_GROUP, { photo: await photo(90) });
    await t.say("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", "古荥铸造厂"));
    await t.say("张三", GY_GROUP, { photo: await photo(120) });
    for (const no of ["GY-0001", "GY-0002"]) await t.say("张三", GY_GROUP, `进展 ${no} 拆除到位`);
    for (const no of ["GY-0001", "GY-0002"]) await t.say("李四", GY_GROUP, `销号 ${no}`);

    expect(await runReboundChecks({ db, clock: t.clock })).toEqual([]);
    const sv = createSupervisionRepos(db);
    const planned = await sv.tasks.openTasks({ kind: "rebound" });
    expect(planned.filter((x) => x.caseNo === "GY-0001").map((x) => x.dueOn)).toEqual([
      "2017-04-01",
      "2017-06-01",
      "2017-09-01",
    ]);
    expect(await runReboundChecks({ db, clock: t.clock })).toEqual([]);
    expect(await sv.tasks.openTasks({ kind: "rebound" })).toHaveLength(6);

    t.clock.set("2017-04-01T02:00:00.000Z");
    const queued = await runReboundChecks({ db, clock: t.clock });
    expect(queued).toHaveLength(1);
    await t.bot.settle();
    const push = [...privateTexts(t.chat, "王五"), ...privateTexts(t.chat, "孙督查")].join("\n");
    expect(push).toContain("🔁 回头看任务（2 家，2017年4月1日）");
    expect(push).toContain("GY-0001 黄河塑料加工厂 · 古荥镇 古荥镇黄河村三组 · 销号后1个月");
    expect(await runReboundChecks({ db, clock: t.clock })).toEqual([]);

    expect(await t.say("张三", GY_GROUP, "回头看 GY-0001 反弹 夜间恢复生产")).toContain("「回头看」仅限");
    let reply = await t.say("李四", GY_GROUP, "回头看");
    expect(reply).toContain("到期回头看 2 家");
    reply = await t.say("李四", GY_GROUP, "回头看 GY-0002 无反弹");
    expect(reply).toContain("✅ 回头看：【GY-0002】古荥铸造厂 无反弹（销号后1个月）");
    reply = await t.say("王五", "@王五", "回头看 GY-0001 反弹 夜间恢复生产");
    expect(reply).toContain("⚠️【GY-0001】黄河塑料加工厂 反弹，已重新立案（第1次）");
    expect(reply).toContain("完成情况：正在拆除");

    const e = await createRepos(db).enterprises.byCaseNo("GY-0001");
    expect(e).toMatchObject({ state: "正在拆除", closedAt: null, reopenCount: 1 });
    const left = await sv.tasks.openTasks({ kind: "rebound" });
    expect(left.map((x) => x.caseNo)).toEqual(["GY-0002", "GY-0002"]);
    const counts = await sv.tasks.reboundCounts();
    expect(counts.find((c) => c.townName === "古荥镇")).toMatchObject({
      checks: 2,
      rebounds: 1,
      reopened: 1,
    });
    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toMatch(/王五 反弹：回头看发现：夜间恢复生产[\s\S]*王五 回头看：夜间恢复生产/);
    reply = await t.say("王五", "@王五", "回头看 GY-0001 反弹 又开工");
    expect(reply).toContain("尚未销号，无需反弹");
  });
});

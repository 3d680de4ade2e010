import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createBotSettings } from "../commands/context.js";
import { runEscalations } from "../scheduler/supervision/escalation-run.js";
import { createCampaignStatsRepo } from "../storage/campaign-stats-repo.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { photo } from "./helpers/supervision-district.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const report = (name: string, extra: Record<string, string> = {}) => {
  let text = REPORT.replace("企业名称：黄河塑料加工厂", `企业名称：${name}`);
  for (const [field, value] of Object.entries(extra)) {
    text = text.replace(new RegExp(`${field}：.*`), `${field}：${value}`);
  }
  return text;
};

describe.each(ENGINES)("corrections, never silent changes (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("a 整治期限 already past is refused at 上报, so nothing is overdue at once", async () => {
    let reply = await t.say("张三", GY_GROUP, report("黄河塑料厂", { 整治期限: "2017-01-01" }));
    expect(reply).toContain("上报未完成");
    expect(reply).toContain("整治期限：2017年1月1日 已过，请写今天（2017年3月1日）以后的日期");
    expect(await createRepos(db).enterprises.listAll()).toHaveLength(0);
    t.clock.set("2017-03-02T02:00:00.000Z");
    expect(await runEscalations({ db, clock: t.clock })).toEqual([]);
    // Today itself is no past date.
    reply = await t.say("张三", GY_GROUP, "整治期限：3月2日");
    expect(reply).toContain("✅ 已上报 GY-0001");
    expect(reply).toContain("期限：2017年3月2日");
  });

  test("更正: the reporter within a day, the town admin, a district supervisor; before and after in 查询", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    let reply = await t.say("张三", GY_GROUP, "更正 GY-0001 整治期限：4月30日");
    expect(reply).toContain("✏️ 已更正【GY-0001】黄河塑料加工厂");
    expect(reply).toContain("整治期限：2017年3月31日 → 2017年4月30日");

    reply = await t.say("张三", GY_GROUP, "更正 GY-0001 整治期限：2017-02-01");
    expect(reply).toContain("整治期限：2017年2月1日 已过");
    reply = await t.say("张三", GY_GROUP, "更正 GY-0001 企业类型：大型");
    expect(reply).toContain("企业类型：“大型”无法识别");
    reply = await t.say("张三", GY_GROUP, "更正 GY-0001 镇（办）：花园口镇");
    expect(reply).toContain("镇（办）不能更正");
    reply = await t.say("钱七", "@钱七", "更正 GY-0001 分包责任人：钱七");
    expect(reply).toContain("须由古荥镇的镇（办）管理员或区督查办理");

    t.clock.advance(25 * 3_600_000);
    reply = await t.say("张三", GY_GROUP, "更正 GY-0001 分包责任人：王二");
    expect(reply).toContain("上报已超过24小时");
    reply = await t.say("李四", GY_GROUP, "修改 GY-0001 分包责任人：王二 企业规模：15人");
    expect(reply).toContain("分包责任人：张三 → 王二");
    expect(reply).toContain("企业规模：12人 → 15人");
    reply = await t.say("王五", "@王五", "更正 GY-0001 企业名称：黄河塑料制品厂");
    expect(reply).toContain("企业名称：黄河塑料加工厂 → 黄河塑料制品厂");

    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toContain("【GY-0001】黄河塑料制品厂");
    expect(reply).toContain("期限：2017年4月30日");
    expect(reply).toContain("张三 更正 整治期限 2017年3月31日→2017年4月30日");
    expect(reply).toContain("李四 更正 分包责任人 张三→王二；企业规模 12人→15人");
    expect(reply).toContain("王五 更正 企业名称 黄河塑料加工厂→黄河塑料制品厂");
    const audit = await createRepos(db).audit.forEntity("enterprise", 1);
    expect(audit.find((a) => a.action === "correct")).toMatchObject({
      before: { 整治期限: "2017-03-31" },
      after: { 整治期限: "2017-04-30" },
    });
  });

  test("修改/更正 are answered, not swallowed by a draft waiting for a field", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    let reply = await t.say("张三", GY_GROUP, report("黄河铸造厂", { 分包责任人: "" }));
    expect(reply).toContain("分包责任人：缺少");
    reply = await t.say("张三", GY_GROUP, "修改 GY-0001 分包责任人：李四");
    expect(reply).toContain("分包责任人：张三 → 李四");
    // The draft did not take the correction's value: it still asks for its 分包责任人.
    reply = await t.say("张三", GY_GROUP, "更正");
    expect(reply).toContain("请写明案件编号");
    reply = await t.say("张三", GY_GROUP, "上报 企业名称：黄河铸造厂");
    expect(reply).toContain("分包责任人：缺少");
  });

  test("a new 上报 while a draft is pending asks instead of replacing it", async () => {
    let reply = await t.say("张三", GY_GROUP, report("黄河铸造厂", { 分包责任人: "" }));
    expect(reply).toContain("分包责任人：缺少");
    reply = await t.say("张三", GY_GROUP, report("黄河印染厂"));
    expect(reply).toContain("您还有一份未完成的上报：黄河铸造厂（还缺：分包责任人）");
    expect(reply).toContain("本次上报（黄河印染厂）没有提交");
    expect(reply).not.toContain("已上报");
    reply = await t.say("张三", GY_GROUP, "分包责任人：张三");
    expect(reply).toContain("✅ 已上报 GY-0001");
    expect(reply).toContain("黄河铸造厂");
    // The same enterprise again goes on with its draft.
    await t.say("张三", GY_GROUP, report("黄河印染厂", { 分包责任人: "" }));
    reply = await t.say("张三", GY_GROUP, report("黄河印染厂", { 企业规模: "20人", 分包责任人: "李四" }));
    expect(reply).toContain("✅ 已上报 GY-0002");
    expect(reply).toContain("规模：20人");
  });

  test("撤回: kept in 查询, left out of counts, 进度, ledgers, overdue, warnings and escalations", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    await t.say("张三", GY_GROUP, report("黄河塑料加工二厂"));
    let reply = await t.say("张三", GY_GROUP, "撤回 GY-0002");
    expect(reply).toContain("请写明撤回原因");
    reply = await t.say("钱七", "@钱七", "撤回 GY-0002 重复");
    expect(reply).toContain("须由古荥镇的镇（办）管理员或区督查办理");
    reply = await t.say("张三", GY_GROUP, "撤回 GY-0002 与GY-0001重复上报");
    expect(reply).toContain("↩️ 已撤回【GY-0002】黄河塑料加工二厂（原因：与GY-0001重复上报）");

    reply = await t.say("赵六", "@赵六", "查询 GY-0002");
    expect(reply).toContain("完成情况：已撤回");
    expect(reply).toContain("⚠️ 已撤回：与GY-0001重复上报");
    expect(reply).toContain("张三 撤回：与GY-0001重复上报");
    reply = await t.say("赵六", "@赵六", "进度 古荥镇");
    expect(reply).toContain("总数 1 ·");
    reply = await t.say("李四", GY_GROUP, "台账");
    expect(reply).toContain("共 1 家企业");
    reply = await t.say("张三", GY_GROUP, "进展 GY-0002 正在拆除");
    expect(reply).toContain("【GY-0002】已撤回");
    reply = await t.say("张三", GY_GROUP, { photo: await photo(3), caption: "GY-0002" });
    expect(reply).toContain("【GY-0002】已撤回");
    reply = await t.say("张三", GY_GROUP, "撤回 GY-0002 再撤一次");
    expect(reply).toContain("已于 2017年3月1日 撤回");

    t.clock.set("2017-04-02T02:00:00.000Z");
    reply = await t.say("赵六", "@赵六", "逾期");
    expect(reply).toContain("GY-0001");
    expect(reply).not.toContain("GY-0002");
    const stats = createCampaignStatsRepo(db);
    expect((await stats.overdueCases("2017-04-02")).map((c) => c.caseNo)).toEqual(["GY-0001"]);
    expect((await stats.openCasesDueOn(["2017-03-31"])).map((c) => c.caseNo)).toEqual(["GY-0001"]);
    const [town] = await stats.periodStats("2017-03-01", "2017-03-31", "2017-04-01T00:00:00.000Z");
    expect(town).toMatchObject({ total: 1, newIn: 1 });
    const queued = await runEscalations({ db, clock: t.clock });
    expect(queued.map((q) => (q.message as { text: string }).text).join("\n")).not.toContain("GY-0002");

    // The same name may be reported again: the withdrawn one is no duplicate.
    t.clock.set("2017-04-03T02:00:00.000Z");
    reply = await t.say("张三", GY_GROUP, report("黄河塑料加工二厂", { 整治期限: "5月31日" }));
    expect(reply).toContain("✅ 已上报 GY-0003");
  });

  test("反弹 sets a new deadline (written, or by the rule it states), so the case is not overdue the next day", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    await t.say("张三", GY_GROUP, report("黄河铸造厂"));
    t.clock.set("2017-03-10T02:00:00.000Z");
    for (const no of ["GY-0001", "GY-0002"]) {
      await t.say("张三", GY_GROUP, { photo: await photo(no === "GY-0001" ? 20 : 30), caption: no });
      await t.say("张三", GY_GROUP, `进展 ${no} 拆除到位`);
      await t.say("李四", GY_GROUP, `销号 ${no}`);
    }
    t.clock.set("2017-04-10T02:00:00.000Z");
    let reply = await t.say("李四", GY_GROUP, "反弹 GY-0001 夜间恢复生产");
    expect(reply).toContain("反弹，已重新立案（第1次）");
    expect(reply).toContain("整治期限：未写新期限，按反弹之日起15日定为 2017年4月25日（原 2017年3月31日");
    reply = await t.say("李四", GY_GROUP, "反弹 GY-0002 又开工了 期限 5月20日");
    expect(reply).toContain("整治期限：2017年3月31日 → 2017年5月20日");
    reply = await t.say("李四", GY_GROUP, "反弹 GY-0002 又开工了 期限 4月1日");
    expect(reply).toContain("尚未销号");

    t.clock.set("2017-04-11T02:00:00.000Z");
    reply = await t.say("赵六", "@赵六", "逾期");
    expect(reply).toContain("暂无逾期案件");
    expect(await runEscalations({ db, clock: t.clock })).toEqual([]);
  });

  test("a full-width or Chinese-numeral date is read; a date that cannot be read is refused, never replaced", async () => {
    let reply = await t.say("张三", GY_GROUP, report("黄河塑料厂", { 整治期限: "２０１７年４月３０日" }));
    expect(reply).toContain("期限：2017年4月30日");
    await t.say("张三", GY_GROUP, report("黄河铸造厂", { 整治期限: "四月三十日" }));
    t.clock.set("2017-03-20T02:00:00.000Z");
    await t.say("张三", GY_GROUP, { photo: await photo(40), caption: "GY-0001" });
    await t.say("张三", GY_GROUP, { photo: await photo(50), caption: "GY-0002" });

    reply = await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位 3月");
    expect(reply).toContain("完成日期“3月”无法识别");
    reply = await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位 昨天");
    expect(reply).toContain("完成日期“昨天”无法识别");
    reply = await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位 ３月１５日");
    expect(reply).toContain("拆除到位（2017年3月15日）");
    reply = await t.say("张三", GY_GROUP, "进展 GY-0002 拆除到位 三月十六日");
    expect(reply).toContain("拆除到位（2017年3月16日）");
    reply = await t.say("李四", GY_GROUP, "台账 ３月");
    expect(reply).toContain("日期 2017年3月20日");
  });

  test("symbols, emoji and invisible characters neither defeat the duplicate check nor reach the ledger", async () => {
    let reply = await t.say("张三", GY_GROUP, report("🏭黄河塑料厂😀"));
    expect(reply).toContain("✅ 已上报 GY-0001");
    expect(reply).toContain("【GY-0001】黄河塑料厂\n");
    expect(reply).toContain("（企业名称“🏭黄河塑料厂😀”按“黄河塑料厂”登记）");
    for (const name of ["黄河塑料厂", "黄河\u200B塑料厂", "\u202E黄河塑料厂\u200F", "★黄河塑料厂★"]) {
      reply = await t.say("张三", GY_GROUP, report(name));
      expect(reply).toContain("该企业已在册：【GY-0001】黄河塑料厂");
      await t.say("张三", GY_GROUP, "取消");
    }
    const [e] = await createRepos(db).enterprises.listAll();
    expect(e?.name).toBe("黄河塑料厂");
  });
});

describe("the campaign year follows the clock when not configured", () => {
  test("a bot running over New Year reads 3月31日 in the new year", async () => {
    const fresh = await freshDb("sqlite");
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir, {
      start: "2017-12-31T02:00:00.000Z",
      settings: (clock) => createBotSettings({ botName: "整治助手" }, clock),
    });
    try {
      let reply = await t.say("张三", GY_GROUP, report("黄河塑料厂", { 整治期限: "12月31日" }));
      expect(reply).toContain("期限：2017年12月31日");
      t.clock.set("2018-01-02T02:00:00.000Z");
      reply = await t.say("张三", GY_GROUP, report("黄河铸造厂", { 整治期限: "3月31日" }));
      expect(reply).toContain("期限：2018年3月31日");
      // A configured year stays.
      expect(createBotSettings({ campaignYear: 2017, botName: "x" }, t.clock).campaignYear).toBe(2017);
    } finally {
      await t.bot.stop();
      await fresh.db.destroy();
    }
  });
});

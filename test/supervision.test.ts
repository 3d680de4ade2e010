import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runEscalations } from "../scheduler/supervision/escalation-run.js";
import { createRepos } from "../storage/repos.js";
import { createSupervisionRepos } from "../storage/supervision-repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { ledgerRowsOf } from "./helpers/ledger-cells.js";
import {
  DISTRICT_GROUP,
  HYK_GROUP,
  photo,
  privateTexts,
  seedSupervision,
} from "./helpers/supervision-district.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";

describe.each(ENGINES)("district supervision (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    await seedSupervision(db, { 古荥镇: 23, 花园口镇: 9, 新城街道: 2, 刘寨街道: 1 });
    t = await startTestBot(db, fresh.dir);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("抽查 draws at least 20 % over every town, pushes the tasks, and a seed reproduces it", async () => {
    let reply = await t.say("张三", GY_GROUP, "抽查");
    expect(reply).toContain("「抽查」仅限区督查使用");
    reply = await t.say("王五", "@王五", "抽查 10%");
    expect(reply).toContain("抽查比例不得低于20%");

    reply = await t.say("王五", "@王五", "抽查 20% 种子 20170301");
    // 35 enterprises: at least 7; every town with enterprises is covered.
    const drawn = Number(/抽取 (\d+) 家/.exec(reply)![1]);
    expect(drawn).toBeGreaterThanOrEqual(7);
    expect(reply).toContain("全区 35 家");
    expect(reply).toContain("覆盖 4 个镇（办）");
    expect(reply).toContain("随机种子 20170301");
    const wang = privateTexts(t.chat, "王五").join("\n");
    const sun = privateTexts(t.chat, "孙督查").join("\n");
    expect(wang + sun).toContain("📋 第1批抽查督查任务");
    expect(wang).toContain("督查 编号 符合");
    expect(sun).toMatch(/\d+ 家/);
    for (const code of ["GY-", "HYK-", "XC-", "LZ-"]) expect(wang + sun).toContain(code);

    await t.say("王五", "@王五", "抽查 20% 种子 20170301");
    const sv = createSupervisionRepos(db);
    const tasks = await sv.tasks.openTasks({ kind: "sample" });
    const ids = (draw: number) =>
      tasks
        .filter((x) => x.drawId === draw)
        .map((x) => x.enterpriseId)
        .sort((a, b) => a - b);
    expect(ids(2)).toEqual(ids(1));
    expect((await sv.tasks.draw(1))?.seed).toBe(20170301);

    reply = await t.say("赵六", "@赵六", "督查进度");
    expect(reply).toContain("全区 35 家，已督查 0 家");
    expect(reply).toContain("距20%的要求还差 7 家");
  });

  test("督查: conform, and a problem transferred to the town, answered, closed, in ledger 2", async () => {
    let reply = await t.say("王五", "@王五", "督查 GY-0001 符合");
    expect(reply).toContain("督查记录：【GY-0001】古荥镇第1厂 符合要求");
    reply = await t.say("王五", "@王五", { photo: await photo(5) });
    expect(reply).toContain("照片已存入【GY-0001】");

    reply = await t.say("王五", "@王五", "督查 GY-0002 问题 未安装废气收集装置 要求 整改完善 期限 4月30日");
    expect(reply).toContain("已移交 YJ-0001 至古荥镇");
    expect(reply).toContain("已通知古荥镇");
    const notice = t.chat.lastIn(GY_GROUP);
    expect(notice).toContain("📌 区督查移交 YJ-0001（古荥镇）");
    expect(notice).toContain("问题：未安装废气收集装置");
    expect(notice).toContain("整治要求：整改完善 · 期限：2017年4月30日");

    reply = await t.say("钱七", "@钱七", "反馈 YJ-0001 正在整治");
    expect(reply).toContain("移交给古荥镇，您只能处理本镇（办）的移交问题");
    reply = await t.say("李四", GY_GROUP, "反馈 YJ-0001 正在整治");
    expect(reply).toContain("完成情况：待整治 → 正在整治");
    reply = await t.say("王五", "@王五", "移交销号 YJ-0001");
    expect(reply).toContain(
      "【GY-0002】完成情况为“正在整治”，需先报送“整改到位”（附照片和完成日期）才能销号",
    );
    reply = await t.say("李四", GY_GROUP, "移交销号 YJ-0001");
    expect(reply).toContain("「移交销号」仅限区督查使用");

    t.clock.set("2017-04-21T02:00:00.000Z");
    // The transfer is the case: finishing it needs a photo that proves it, as 进展 does.
    reply = await t.say("李四", GY_GROUP, "反馈 YJ-0001 整改到位 4月20日");
    expect(reply).toContain("【GY-0002】标记“整改到位”前，请先发送上报后拍摄的现场照片");
    await t.say("李四", GY_GROUP, { photo: await photo(77) });
    reply = await t.say("李四", GY_GROUP, "反馈 YJ-0001 整改到位 4月20日");
    expect(reply).toContain("正在整治 → 整改到位（2017年4月20日）");
    expect(privateTexts(t.chat, "王五").at(-1)).toContain("请复核后发送「移交销号 YJ-0001」");
    reply = await t.say("王五", "@王五", "移交销号 YJ-0001");
    expect(reply).toContain("移交问题 YJ-0001【GY-0002】古荥镇第2厂 已销号");
    expect(t.chat.lastIn(GY_GROUP)).toContain("YJ-0001【GY-0002】古荥镇第2厂 已销号");

    reply = await t.say("王五", "@王五", "督查进度");
    expect(reply).toContain("古荥镇：企业 23 · 已督查 2（8.7%） · 待查 0");

    await t.say("王五", "@王五", "督查台账");
    const [ledger2] = t.chat.filesIn("@王五");
    expect(await ledgerRowsOf(ledger2!.bytes)).toEqual([
      [
        "1",
        "古荥镇",
        "古荥镇第2厂",
        "古荥镇2村",
        "小散乱污",
        "整改完善",
        "2017年3月1日",
        "已销号（整改到位，2017年4月20日）",
        "张三",
      ],
    ]);
    reply = await t.say("赵六", "@赵六", "查询 GY-0002");
    expect(reply).toContain("完成情况：已销号（整改到位，2017年4月20日）");
    expect(reply).toMatch(
      /王五 移交：YJ-0001 未安装废气收集装置[\s\S]*李四 进展 正在整治→整改到位[\s\S]*王五 销号：YJ-0001/,
    );
  });

  test("the ladder over time: notice with a new deadline, then a summons proposed, confirmed by a supervisor, reported to 区大气办 with the history", async () => {
    await t.say("王五", "@王五", "督查 HYK-0001 问题 露天喷漆 要求 限期拆除 期限 3月10日");
    const sv = createSupervisionRepos(db);
    const run = () => runEscalations({ db, clock: t.clock });

    t.clock.set("2017-03-10T02:00:00.000Z");
    expect(await run()).toEqual([]);

    t.clock.set("2017-03-11T02:00:00.000Z");
    let queued = await run();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.target).toEqual({ platform: "memchat", chatId: "花园口镇工作群" });
    expect(await run()).toEqual([]);
    await t.bot.settle();
    let text = t.chat.lastIn("花园口镇工作群");
    expect(text).toContain("⚠️ 限期整治通知（花园口镇）");
    expect(text).toContain("移交 YJ-0001【HYK-0001】花园口镇第1厂（问题：露天喷漆）");
    expect(text).toContain("逾期1天，现为“待整治”，限期至 2017年3月26日");

    t.clock.set("2017-03-26T02:00:00.000Z");
    expect(await run()).toEqual([]);

    // 4月1日: the transfer passed its new deadline; the ordinary cases (期限 3月31日) are now overdue.
    // The ladder only proposes the report to 区大气办: the district supervisors are asked, nobody else.
    t.clock.set("2017-04-01T02:00:00.000Z");
    queued = await run();
    await t.bot.settle();
    expect(t.chat.textsIn(DISTRICT_GROUP).join("\n")).not.toContain("约谈");
    expect(t.chat.textsIn("花园口镇工作群").join("\n")).not.toContain("约谈花园口镇");
    const proposal = privateTexts(t.chat, "王五").join("\n");
    expect(proposal).toContain("🚨 建议约谈花园口镇政府（待区督查确认）");
    expect(proposal).toContain("原期限 2017年3月10日，限期至 2017年3月26日，又逾期6天");
    expect(proposal).toMatch(/经过：[\s\S]*王五 移交：YJ-0001 露天喷漆[\s\S]*系统 通报并限期整治/);
    expect(proposal).toContain("「约谈 确认 花园口镇」");
    expect(privateTexts(t.chat, "孙督查").join("\n")).toContain("建议约谈花园口镇政府");
    expect(t.chat.lastIn(GY_GROUP)).toContain("以下 23 项逾期未整改到位");
    expect(queued.length).toBeGreaterThanOrEqual(4);

    let reply = await t.say("赵六", "@赵六", "约谈");
    expect(reply).toContain("花园口镇 1 项（HYK-0001）");
    expect(await t.say("赵六", "@赵六", "约谈 确认 花园口镇")).toContain("由区督查确认");
    expect(await t.say("王五", "@王五", "约谈 不报 花园口镇")).toContain("请写明不报的理由");
    expect(await t.say("王五", "@王五", "约谈 确认 古荥镇")).toContain("没有待确认的约谈建议");
    reply = await t.say("王五", "@王五", "约谈 确认 花园口镇");
    expect(reply).toContain("花园口镇 1 项已报区大气办建议约谈（已发区级群、领导群）");
    text = t.chat.lastIn(DISTRICT_GROUP);
    expect(text).toContain("🚨 报区大气办：建议约谈花园口镇政府");
    expect(text).toContain("（区督查王五确认报送）");
    expect(text).toContain("原期限 2017年3月10日，限期至 2017年3月26日，又逾期6天");
    expect(t.chat.textsIn("花园口镇工作群").some((x) => x.includes("已报区大气办建议约谈"))).toBe(true);
    expect(await t.say("孙督查", "@孙督查", "约谈 确认 花园口镇")).toContain("没有待确认的约谈建议");

    reply = await t.say("赵六", "@赵六", "查询 HYK-0001");
    expect(reply).toContain("系统 通报并限期整治");
    expect(reply).toContain("系统 建议约谈（待区督查确认）");
    expect(reply).toContain("王五 确认报区大气办建议约谈");
    const board = await t.say("王五", "@王五", "督办");
    // HYK-0001 climbs the ladder once, as its transfer: 1 + the 8 other cases of 花园口镇.
    expect(board).toContain("花园口镇：限期整治 9 · 建议约谈 1 · 待确认 0");
    expect(board).toContain("古荥镇：限期整治 23 · 建议约谈 0 · 待确认 0");
    expect(await t.say("钱七", "@钱七", "督办")).toContain("「督办」仅限");
    const open = await t.say("孙八", HYK_GROUP, "移交");
    expect(open).toContain("花园口镇未销号移交问题 1 件");
    expect(open).toContain("限期拆除 · 期限3月10日 · 待整治 ⚠️逾期22天 · 已报区大气办建议约谈");
    expect(await t.say("王五", "@王五", "督办 执行")).toContain("暂无新的督办事项");
    expect(await t.say("孙八", HYK_GROUP, "督办 执行")).toContain("仅限区督查、管理员");

    const counts = await sv.escalations.countsByTown();
    expect(counts.find((c) => c.townName === "花园口镇")).toMatchObject({
      notice: 9,
      summons: 1,
      proposed: 0,
    });
    const audit = await createRepos(db).audit.forEntity("enterprise", 24);
    // The transfer's steps; the case is the transfer's (its 整治期限 became 3月10日), not chased twice.
    expect(audit.map((a) => a.action)).toEqual([
      "transfer",
      "escalate_notice",
      "summons_proposed",
      "summons_confirm",
    ]);
  });
});

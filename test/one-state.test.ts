import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runEscalations } from "../scheduler/supervision/escalation-run.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { ledgerRowsOf } from "./helpers/ledger-cells.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/** One state per enterprise: a transfer's feedback and closure move the case itself (附件1 = 附件2 = 查询). */
describe.each(ENGINES)("a transferred case (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir, { start: "2017-02-10T02:00:00.000Z" });
    await t.say("张三", GY_GROUP, REPORT);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("移交销号 YJ-0001 (拆除到位) closes the case: 查询, 附件1 and 附件2 agree, nothing chases it", async () => {
    t.clock.set("2017-03-01T02:00:00.000Z");
    let reply = await t.say("王五", "@王五", "督查 GY-0001 问题 夜间偷偷生产 要求 限期拆除 期限 3月25日");
    expect(reply).toContain("已移交 YJ-0001");
    expect(await t.say("赵六", "@赵六", "查询 GY-0001")).toContain("期限：2017年3月25日");

    t.clock.set("2017-03-10T02:00:00.000Z");
    await t.say("张三", GY_GROUP, { photo: await jpeg(40), caption: "GY-0001" });
    reply = await t.say("张三", GY_GROUP, "反馈 YJ-0001 拆除到位 3月10日");
    expect(reply).toContain("完成情况：待整治 → 拆除到位（2017年3月10日）");

    t.clock.set("2017-03-11T02:00:00.000Z");
    reply = await t.say("李四", GY_GROUP, "销号 GY-0001");
    expect(reply).toContain("有区督查移交的问题 YJ-0001 未销号，需区督查复核后发送「移交销号 YJ-0001」");
    reply = await t.say("王五", "@王五", "移交销号 YJ-0001");
    expect(reply).toContain("YJ-0001【GY-0001】黄河塑料加工厂 已销号");
    const closed = "已销号（拆除到位，2017年3月10日）";
    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toContain(`完成情况：${closed}`);
    // The same audit as 进展 / 销号, with the transfer's number.
    const actions = (await createRepos(db).audit.forEntity("enterprise", 1)).map((a) => [a.action, a.note]);
    expect(actions).toContainEqual(["progress", "YJ-0001"]);
    expect(actions).toContainEqual(["close", "YJ-0001"]);

    await t.say("李四", GY_GROUP, "台账");
    expect((await ledgerRowsOf(t.chat.filesIn(GY_GROUP).at(-1)!.bytes))[0]![12]).toBe(closed);
    await t.say("王五", "@王五", "督查台账");
    expect((await ledgerRowsOf(t.chat.filesIn("@王五").at(-1)!.bytes))[0]![7]).toBe(closed);

    // Past both deadlines, nothing chases a demolished enterprise.
    t.clock.set("2017-04-02T02:00:00.000Z");
    expect(await t.say("赵六", "@赵六", "逾期")).toContain("全区暂无逾期案件");
    expect(await runEscalations({ db, clock: t.clock })).toEqual([]);
    expect(await t.say("王五", "@王五", "移交")).toContain("全区暂无未销号的移交问题");
  });

  test("a transfer on a closed case reopens it, as a rebound, under the transfer's requirement", async () => {
    await t.say("张三", GY_GROUP, { photo: await jpeg(41), caption: "GY-0001" });
    t.clock.advance(60_000);
    await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    await t.say("李四", GY_GROUP, "销号 GY-0001");
    t.clock.set("2017-03-01T02:00:00.000Z");
    const reply = await t.say("王五", "@王五", "督查 GY-0001 问题 原址恢复生产 要求 限期拆除 期限 3月20日");
    expect(reply).toContain("原已销号的案件重新立案（计为反弹）");
    const e = await createRepos(db).enterprises.byCaseNo("GY-0001");
    expect(e).toMatchObject({
      state: "正在拆除",
      closedAt: null,
      finishedOn: null,
      reopenCount: 1,
      deadline: "2017-03-20",
    });
  });
});

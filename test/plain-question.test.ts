import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/** A second 古荥镇 case (整改完善) and one in 花园口镇 (钱七's), beside 黄河塑料加工厂 (限期拆除). */
const GY_SECOND = REPORT.replace("黄河塑料加工厂", "东风喷漆作坊")
  .replace("整治要求：限期拆除", "整治要求：整改完善")
  .replace("企业类型：小散乱污", "企业类型：八小");
const HYK_FIRST = REPORT.replace("黄河塑料加工厂", "南月堤砖窑")
  .replace("古荥镇黄河村三组", "花园口镇南月堤村")
  .replace("分包责任人：张三", "分包责任人：钱七");

// Questions in plain words (issue 17): the reading first, then the answer from the commands' own
// queries; changes in a period come from the history; what is not understood is not guessed.
describe.each(ENGINES)("questions in plain words (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    // Wednesday 1 March 2017, 10:00 in the campaign's zone.
    t = await startTestBot(db, fresh.dir, { start: "2017-03-01T02:00:00.000Z" });
    expect(await t.say("张三", GY_GROUP, REPORT)).toContain("✅ 已上报 GY-0001");
    expect(await t.say("张三", GY_GROUP, GY_SECOND)).toContain("✅ 已上报 GY-0002");
    expect(await t.say("钱七", "@钱七", HYK_FIRST)).toContain("✅ 已上报 HYK-0001");
    // Tuesday 7 March, 15:00 (Beijing): GY-0001 is demolished.
    t.clock.set("2017-03-07T07:00:00.000Z");
    const photo = { photo: await jpeg(10), caption: "GY-0001" };
    expect(await t.say("张三", GY_GROUP, photo)).toContain("照片已存入【GY-0001】");
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位 3月7日")).toContain("拆除到位");
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("拆了几家 counts the demolitions in the week from the history, not today's state", async () => {
    t.clock.set("2017-03-08T02:00:00.000Z");
    expect(await t.say("赵六", "@赵六", "古荥这周拆了几家？")).toBe(
      "我理解为：古荥镇 · 本周 · 拆除到位 · 数量\n古荥镇本周拆除到位：1 家",
    );
    expect(await t.say("赵六", "@赵六", "古荥上周拆了几家")).toBe(
      "我理解为：古荥镇 · 上周 · 拆除到位 · 数量\n古荥镇上周拆除到位：0 家",
    );
    // A week later it is still 拆除到位, but it was not demolished this week.
    t.clock.set("2017-03-15T02:00:00.000Z");
    expect(await t.say("赵六", "@赵六", "古荥这周拆了几家")).toContain("古荥镇本周拆除到位：0 家");
    expect(await t.say("赵六", "@赵六", "古荥上周拆了几家")).toContain("古荥镇上周拆除到位：1 家");
    expect(await t.say("赵六", "@赵六", "本月新增了几家")).toBe(
      "我理解为：本月 · 新增 · 数量\n全区本月新增：3 家",
    );
  });

  test("states now, the asker's own town by default, names only of one's own town", async () => {
    expect(await t.say("赵六", "@赵六", "花园口还有多少没整改完的")).toBe(
      "我理解为：花园口镇 · 未完成 · 数量\n花园口镇未完成：1 家",
    );
    // 李四 is 古荥镇's: no town named means his own.
    expect(await t.say("李四", "@李四", "还有多少没整改完的")).toBe(
      "我理解为：未完成 · 数量\n古荥镇未完成：1 家",
    );
    const list = await t.say("李四", "@李四", "古荥八小的有哪些");
    expect(list).toContain("GY-0002 东风喷漆作坊");
    expect(list).not.toContain("GY-0001");
    expect(await t.say("张三", "@张三", "花园口有哪些没完成的")).toContain("您只能查看本镇（办）的名单");
    expect(await t.say("张三", "@张三", "全区有哪些没完成的")).toContain("您只能查看本镇（办）的名单");
    expect(await t.say("王五", "@王五", "全区有哪些没完成的")).toContain("HYK-0001 南月堤砖窑");
    const mine = await t.say("钱七", "@钱七", "我手上还有哪几家没弄完");
    expect(mine).toMatch(/^我理解为：未完成 · 我 · 名单\n钱七的未销号案件（1）/);
    expect(mine).toContain("HYK-0001 南月堤砖窑");
  });

  test("an enterprise's 情况 is its 查询; 进度 is the command's; 逾期 names are 逾期's", async () => {
    const card = await t.say("赵六", "@赵六", "黄河塑料厂怎么样了");
    expect(card).toMatch(/^我理解为：黄河塑料厂 · 情况\n/);
    expect(card).toContain("【GY-0001】黄河塑料加工厂");
    expect(card).toContain("—— 整治经过 ——");
    // As 查询: a town's people find only their own town's enterprises.
    expect(await t.say("张三", "@张三", "南月堤砖窑怎么样了")).toContain("未找到名称含“南月堤砖窑”的企业");
    expect(await t.say("赵六", "@赵六", "南月堤砖窑怎么样了")).toContain("【HYK-0001】南月堤砖窑");
    const progress = await t.say("赵六", "@赵六", "古荥进度怎么样");
    expect(progress).toMatch(/^我理解为：古荥镇 · 进度\n古荥镇整治进度/);
    expect(progress).toContain("总数 2 · 完成 1");
    t.clock.set("2017-04-05T02:00:00.000Z");
    const overdue = await t.say("赵六", "@赵六", "全区逾期的有哪些");
    expect(overdue).toMatch(/^我理解为：全区 · 逾期 · 名单\n全区逾期案件/);
    expect(overdue).toContain("GY-0002 东风喷漆作坊");
    expect(overdue).not.toContain("GY-0001");
  });

  test("a kind of business narrows the cases: by the seed's industries, on the name and 原辅材料", async () => {
    // 黄河塑料加工厂 (原辅材料 废旧塑料) is a plastics plant; 东风喷漆作坊 and 南月堤砖窑 are not.
    expect(await t.say("赵六", "@赵六", "全区有几家塑料厂")).toBe(
      "我理解为：全区 · 塑料加工 · 数量\n全区（塑料加工）：1 家",
    );
    const bricks = await t.say("王五", "@王五", "全区砖厂有哪些");
    expect(bricks).toMatch(/^我理解为：全区 · 砖瓦窑 · 名单\n/);
    expect(bricks).toContain("HYK-0001 南月堤砖窑");
    expect(bricks).not.toContain("GY-0001");
    t.clock.set("2017-04-05T02:00:00.000Z");
    // Overdue plastics plants: GY-0001 was demolished in time, so none; the 喷漆 workshop is overdue.
    expect(await t.say("赵六", "@赵六", "哪些塑料厂逾期")).toBe(
      "我理解为：逾期 · 塑料加工 · 名单\n全区逾期（塑料加工）：没有",
    );
    expect(await t.say("赵六", "@赵六", "古荥的喷漆厂逾期了吗")).toBe(
      "我理解为：古荥镇 · 逾期 · 露天喷漆 · 数量\n古荥镇逾期（露天喷漆）：1 家",
    );
    // A kind named is never an enterprise's name, and one pointed at (那个塑料厂) is not guessed.
    expect(await t.say("赵六", "@赵六", "那个塑料厂拆了没")).toContain("没有看懂");
  });

  test("进度 narrowed by a type, kind or person is counted over those cases, not the whole scope's", async () => {
    // GY-0002 (东风喷漆作坊) is the only 八小 case; GY-0001 is demolished (完成).
    expect(await t.say("赵六", "@赵六", "全区八小进度")).toBe(
      "我理解为：全区 · 八小 · 进度\n全区八小进度：总数 1 · 完成 0 · 销号 0 · 逾期 0 · 完成率 0.0%",
    );
    expect(await t.say("赵六", "@赵六", "张三负责的进度怎么样")).toBe(
      "我理解为：张三 · 进度\n全区张三负责的进度：总数 2 · 完成 1 · 销号 0 · 逾期 0 · 完成率 50.0%",
    );
    expect(await t.say("赵六", "@赵六", "塑料厂进度")).toBe(
      "我理解为：塑料加工 · 进度\n全区（塑料加工）进度：总数 1 · 完成 1 · 销号 0 · 逾期 0 · 完成率 100.0%",
    );
  });

  test("a count or list of one person's cases says whose they are in the answer, not only in the reading", async () => {
    // 张三 is responsible for two cases, one demolished (完成): the answer names him, so the figure is
    // not taken for the whole district's.
    expect(await t.say("赵六", "@赵六", "张三负责的完成了几家")).toBe(
      "我理解为：完成 · 张三 · 数量\n全区张三负责的完成：1 家",
    );
  });

  test("a yes-or-no question about one enterprise is its 情况 (its card), whatever it asks of it", async () => {
    const card = await t.say("赵六", "@赵六", "黄河塑料厂拆了没有");
    expect(card).toMatch(/^我理解为：黄河塑料厂 · 情况\n/);
    expect(card).toContain("【GY-0001】黄河塑料加工厂");
  });

  test("not understood: no answer, the nearest commands; in a group only when @-mentioned", async () => {
    const thanks = await t.say("赵六", "@赵六", "谢谢领导");
    expect(thanks).toContain("没有看懂这条消息，没有作答");
    expect(thanks).not.toContain("我理解为");
    const weather = await t.say("赵六", "@赵六", "古荥镇今天天气咋样");
    expect(weather).toContain("没有看懂");
    expect(weather).toContain("进度 古荥镇");

    const before = t.chat.sent.length;
    await t.say("张三", GY_GROUP, "古荥这周拆了几家？");
    expect(t.chat.sent.length).toBe(before);
    expect(await t.say("张三", GY_GROUP, "@整治助手 古荥这周拆了几家？")).toBe(
      "我理解为：古荥镇 · 本周 · 拆除到位 · 数量\n古荥镇本周拆除到位：1 家",
    );
  });
});

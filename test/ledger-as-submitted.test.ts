import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { ledgerRowsOf } from "./helpers/ledger-cells.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/** 附件1 注4: 完成情况为报送时企业情况 — a month's ledger prints as the town submitted it, whenever printed. */
describe.each(ENGINES)("a month's ledger as submitted (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir, { start: "2017-02-10T02:00:00.000Z" });
    await t.say("张三", GY_GROUP, REPORT.replace("2017-03-31", "2017-12-31"));
    await t.say(
      "张三",
      GY_GROUP,
      REPORT.replace("黄河塑料加工厂", "古荥铸造厂")
        .replace("限期拆除", "整改完善")
        .replace("2017-03-31", "2017-12-31"),
    );
    t.clock.advance(3_600_000);
    await t.say("张三", GY_GROUP, { photo: await jpeg(21), caption: "GY-0001" });
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  /** 李四 asks for a ledger in the town group: the reply and the file's rows (序号 … 完成情况 备注). */
  async function ledger(args: string) {
    const reply = await t.say("李四", GY_GROUP, `台账 ${args}`.trim());
    const file = t.chat.filesIn(GY_GROUP).at(-1)!;
    return { reply, fileName: file.fileName, rows: await ledgerRowsOf(file.bytes) };
  }
  const completion = (rows: string[][], name: string) => rows.find((r) => r[2] === name)?.[12];

  test("台账 古荥镇 2月 printed on 3-20 is what was printed on 2-23, though a 反弹 came between", async () => {
    t.clock.set("2017-02-15T02:00:00.000Z");
    await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    t.clock.set("2017-02-16T02:00:00.000Z");
    expect(await t.say("李四", GY_GROUP, "销号 GY-0001")).toContain("已销号");

    t.clock.set("2017-02-23T02:00:00.000Z");
    const onThe23rd = await ledger("古荥镇 2月");
    expect(completion(onThe23rd.rows, "黄河塑料加工厂")).toBe("已销号（拆除到位，2017年2月15日）");
    expect(completion(onThe23rd.rows, "古荥铸造厂")).toBe("待整治");

    t.clock.set("2017-03-01T02:00:00.000Z");
    expect(await t.say("王五", "@王五", "反弹 GY-0001 夜间恢复生产")).toContain("反弹");
    t.clock.set("2017-03-05T02:00:00.000Z");
    await t.say("张三", GY_GROUP, "进展 GY-0002 正在整治");

    t.clock.set("2017-03-20T02:00:00.000Z");
    const later = await ledger("古荥镇 2月");
    expect(later.rows).toEqual(onThe23rd.rows);
    expect(later.fileName).toBe(onThe23rd.fileName);
    expect(later.fileName).toBe("古荥镇小散乱污企业排查台账（2017年2月23日）.xlsx");
    // And again: however often it is printed.
    expect((await ledger("古荥镇 2月")).rows).toEqual(onThe23rd.rows);

    // Today's ledger shows today's state.
    const now = await ledger("");
    expect(completion(now.rows, "黄河塑料加工厂")).toBe("正在拆除");
    expect(completion(now.rows, "古荥铸造厂")).toBe("正在整治");
  });

  test("a town that sent 报送 on the 20th gets that day's ledger for the month, not the 23rd's", async () => {
    t.clock.set("2017-03-20T08:00:00.000Z");
    expect(await t.say("李四", GY_GROUP, "报送")).toContain("已记录");
    t.clock.set("2017-03-21T02:00:00.000Z");
    await t.say("张三", GY_GROUP, "进展 GY-0002 正在整治");
    t.clock.set("2017-03-25T02:00:00.000Z");
    const march = await ledger("3月");
    expect(march.reply).toContain("日期 2017年3月20日（报送时的情况）");
    expect(march.fileName).toBe("古荥镇小散乱污企业排查台账（2017年3月20日）.xlsx");
    expect(completion(march.rows, "古荥铸造厂")).toBe("待整治");
  });
});

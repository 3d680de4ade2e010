import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const photo = (r: number) =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();

describe.each(ENGINES)("a case from report to 销号 (%s)", (engine) => {
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

  test("report with a mistake, the correction, photo, progress, finish, close, and the queries", async () => {
    const { say, clock } = t;
    const wrong = REPORT.replace("整治期限：2017-03-31", "整治期限：3月32日").replace("分包责任人：张三", "");
    let reply = await say("张三", GY_GROUP, wrong);
    expect(reply).toContain("上报未完成");
    expect(reply).toContain("整治期限：“3月32日”无法识别");
    expect(reply).toContain("分包责任人：缺少");

    reply = await say("张三", GY_GROUP, "整治期限：3月31日\n分包责任人：张三");
    expect(reply).toContain("✅ 已上报 GY-0001");
    expect(reply).toContain("【GY-0001】黄河塑料加工厂");
    expect(reply).toContain("期限：2017年3月31日");
    expect(reply).toContain("完成情况：待整治");

    // Finishing needs a photo received after the report.
    clock.advance(3_600_000);
    reply = await say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    expect(reply).toContain("请先发送上报后拍摄的现场照片");

    reply = await say("张三", GY_GROUP, { photo: await photo(10) });
    expect(reply).toContain("照片已存入【GY-0001】黄河塑料加工厂档案（共1张）");

    reply = await say("张三", GY_GROUP, "进展 GY-0001 正在拆除");
    expect(reply).toContain("待整治 → 正在拆除");

    clock.set("2017-03-21T02:00:00.000Z");
    reply = await say("张三", GY_GROUP, "进展 GY-0001 拆除到位 3月20日");
    expect(reply).toContain("正在拆除 → 拆除到位（2017年3月20日）");

    reply = await say("张三", GY_GROUP, "销号 GY-0001");
    expect(reply).toContain("「销号」仅限区督查、镇（办）管理员使用");

    reply = await say("李四", GY_GROUP, "销号 GY-0001");
    expect(reply).toContain("✅【GY-0001】黄河塑料加工厂 已销号");

    reply = await say("赵六", "@赵六", "查询 黄河塑料");
    expect(reply).toContain("完成情况：已销号（拆除到位，2017年3月20日）");
    expect(reply).toMatch(/张三 上报[\s\S]*张三 照片[\s\S]*张三 进展 待整治→正在拆除[\s\S]*李四 销号/);

    reply = await say("赵六", "@赵六", "进度");
    expect(reply).toContain("古荥镇：总数 1 · 完成 1 · 销号 1 · 逾期 0 · 完成率 100.0%");
    reply = await say("赵六", "@赵六", "逾期");
    expect(reply).toContain("全区暂无逾期案件");
  });

  test("逾期 lists open cases past their deadline with the responsible person", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    t.clock.set("2017-04-05T02:00:00.000Z");
    const reply = await t.say("赵六", "@赵六", "逾期 古荥镇");
    expect(reply).toContain("GY-0001 黄河塑料加工厂");
    expect(reply).toContain("逾期5天");
    expect(reply).toContain("责任人张三");
    expect(await t.say("赵六", "@赵六", "进度")).toContain(
      "古荥镇：总数 1 · 完成 0 · 销号 0 · 逾期 1 · 完成率 0.0%",
    );
    expect(await t.say("张三", "@张三", "我的")).toContain(
      "GY-0001 黄河塑料加工厂 · 待整治 · 期限3月31日 ⚠️逾期",
    );
  });

  test("transitions follow the requirement", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    let reply = await t.say("张三", GY_GROUP, "进展 GY-0001 整改到位");
    expect(reply).toContain("整治要求为“限期拆除”，完成情况只能是：正在拆除、拆除到位");
    reply = await t.say("张三", GY_GROUP, "进展 GY-0001 已断电，设备正在清运");
    expect(reply).toContain("已记录【GY-0001】黄河塑料加工厂的进展：已断电，设备正在清运");
    reply = await t.say("李四", GY_GROUP, "销号 GY-0001");
    expect(reply).toContain("需先报送“拆除到位”");
  });

  test("a duplicate name in the same town gets the case on file, and 仍然上报 overrides", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    let reply = await t.say("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", "黄河 塑料加工有限公司"));
    expect(reply).toContain("该企业已在册：【GY-0001】黄河塑料加工厂");
    reply = await t.say("张三", GY_GROUP, "仍然上报");
    expect(reply).toContain("✅ 已上报 GY-0002");
    const audit = await createRepos(db).audit.forEntity("enterprise", 2);
    expect(audit[0]?.action).toBe("report_despite_duplicate");
  });

  test("permissions: unknown people, other towns, admin-only commands", async () => {
    let reply = await t.say("陌生人", "@陌生人", "上报");
    expect(reply).toContain("您尚未登记");
    expect(reply).toContain("memchat:陌生人");

    await t.say("张三", GY_GROUP, REPORT);
    reply = await t.say("钱七", "@钱七", "进展 GY-0001 正在拆除");
    expect(reply).toContain("属于古荥镇，您只能处理本镇（办）的案件");
    reply = await t.say("钱七", "@钱七", "查询 GY-0001");
    expect(reply).toContain("您只能查看本镇（办）的案件");
    reply = await t.say("赵六", "@赵六", "进展 GY-0001 正在拆除");
    expect(reply).toContain("「进展」仅限");
    reply = await t.say("张三", GY_GROUP, "绑定 花园口镇");
    expect(reply).toContain("「绑定」仅限管理员使用");

    const e = await createRepos(db).enterprises.byCaseNo("GY-0001");
    expect(e?.state).toBe("待整治");
  });

  test("every change is in the audit trail: who, when, which chat and message, before and after", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    await t.say("张三", GY_GROUP, "进展 GY-0001 正在拆除");
    const r = createRepos(db);
    const trail = await r.audit.forEntity("enterprise", 1);
    expect(trail.map((a) => a.action)).toEqual(["report", "progress"]);
    const progress = trail[1]!;
    expect(progress.personName).toBe("张三");
    expect(progress.at).toBe("2017-03-01T02:00:00.000Z");
    expect(progress.before).toEqual({ state: "待整治", finishedOn: null });
    expect(progress.after).toEqual({ state: "正在拆除", finishedOn: null });
    const inbound = await r.inbound.byId(progress.inboundId!);
    expect(inbound?.text).toBe("进展 GY-0001 正在拆除");
    const chat = await r.db("chats").where({ id: progress.chatId }).first();
    expect(chat.external_id).toBe(GY_GROUP);
  });

  test("a photo reused from another enterprise proves nothing there; 反弹 reopens a closed case", async () => {
    const pic = await photo(200);
    await t.say("张三", GY_GROUP, REPORT);
    t.clock.advance(60_000);
    await t.say("张三", GY_GROUP, { photo: pic });
    await t.say("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", "古荥铸造厂"));
    let reply = await t.say("张三", GY_GROUP, { photo: pic });
    expect(reply).toContain("⚠️ 照片1不作为整治完成的证明：与GY-0001的照片相同");
    reply = await t.say("张三", GY_GROUP, "进展 GY-0002 拆除到位");
    expect(reply).toContain(
      "【GY-0002】标记“拆除到位”前需有能证明整治完成的现场照片，档案中 1 张均不能作为证明",
    );
    expect(reply).toContain("· 照片1：与GY-0001的照片相同");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0002"))?.state).toBe("待整治");
    expect(await t.say("张三", GY_GROUP, "查询 GY-0002")).toContain(
      "照片1不作为整治完成的证明：与GY-0001的照片相同",
    );

    // The enterprise that had it first keeps it as proof.
    t.clock.advance(60_000);
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("→ 拆除到位");
    await t.say("王五", "@王五", "销号 GY-0001");
    expect(await t.say("王五", "@王五", "反弹 GY-0001 夜间恢复生产")).toContain("反弹，已重新立案（第1次）");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("正在拆除");
  });
});

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const DESCRIPTION = "黄河村三组有个塑料厂，十来个人，烧废塑料，没手续，要拆";
const MISSING = "企业名称：黄河塑料厂\n整治期限：3月31日\n分包责任人：张三";

// Free-text reports (issue 17): a description becomes a 上报 draft with the fields it gives, shown back
// with only the missing ones asked; nothing is filed until 确认; a photo sent first joins the report.
describe.each(ENGINES)("free-text reports (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];
  const onFile = async () => (await createRepos(db).enterprises.listAll()).length;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir, { start: "2017-03-01T02:00:00.000Z" });
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("a description is shown back with what is missing; filed only after 确认", async () => {
    const shown = await t.say("张三", "@张三", DESCRIPTION);
    expect(shown).toContain("已整理为上报草稿（未提交）");
    expect(shown).toContain("所在村组：黄河村三组");
    expect(shown).toContain("企业类型：小散乱污");
    expect(shown).toContain("企业规模：约10人");
    expect(shown).toContain("原辅材料：废塑料");
    expect(shown).toContain("有无手续：无");
    expect(shown).toContain("整治要求：限期拆除");
    expect(shown).toContain("· 企业名称：缺少");
    expect(shown).not.toContain("· 企业类型");
    expect(await onFile()).toBe(0);

    const complete = await t.say("张三", "@张三", MISSING);
    expect(complete).toContain("已整理为上报草稿（未提交，古荥镇）");
    expect(complete).toContain("企业名称：黄河塑料厂");
    expect(complete).toContain("回复「确认」提交");
    expect(await onFile()).toBe(0);

    // A question meanwhile is answered, and the draft waits.
    expect(await t.say("张三", "@张三", "这周新增了几家")).toContain("我理解为：本周 · 新增 · 数量");
    const filed = await t.say("张三", "@张三", "确认");
    expect(filed).toContain("✅ 已上报 GY-0001");
    expect(filed).toContain("【GY-0001】黄河塑料厂");
    expect(filed).toContain("规模：约10人");
    expect(await onFile()).toBe(1);
    expect(await t.say("张三", "@张三", "确认")).toBe("没有待确认的上报。");
  });

  test("确认 before the draft is complete says why nothing was filed and what to send", async () => {
    await t.say("张三", "@张三", DESCRIPTION);
    const early = await t.say("张三", "@张三", "确认");
    expect(early).toContain("还不能提交：「确认」前须先补全以下 3 项：");
    expect(early).toContain("· 企业名称：缺少");
    expect(early).toContain("· 整治期限：缺少");
    expect(early).toContain("· 分包责任人：缺少");
    const template = early.split("\n").find((l) => l.startsWith("企业名称："));
    expect(template).toBe("企业名称：；整治期限：；分包责任人：");
    expect(await onFile()).toBe(0);

    // The line filled in as it stands is read back whole, and 确认 then files it.
    const filledIn = "企业名称：黄河塑料厂；整治期限：3月31日；分包责任人：张三";
    expect(await t.say("张三", "@张三", filledIn)).toContain("回复「确认」提交");
    expect(await t.say("张三", "@张三", "确认")).toContain("✅ 已上报 GY-0001");
  });

  test("a photo sent first, then the description: one draft, the photo in the case's file", async () => {
    const photo = await t.say("张三", GY_GROUP, { photo: await jpeg(20) });
    expect(photo).toContain("📷 照片已收到（共1张），上报提交后存入该企业档案。");
    expect(photo).toContain("请接着描述这家企业");
    // The draft is this chat's: the description needs no @ to join it.
    expect(await t.say("张三", GY_GROUP, DESCRIPTION)).toContain("已整理为上报草稿（未提交）");
    expect(await t.say("张三", GY_GROUP, MISSING)).toContain("回复「确认」提交");
    const filed = await t.say("张三", GY_GROUP, "确认");
    expect(filed).toContain("✅ 已上报 GY-0001");
    expect(filed).toContain("📷 先前发送的 1 张照片已存入该企业档案。");
    const query = await t.say("张三", GY_GROUP, "查询 GY-0001");
    expect(query).toMatch(/照片：1 张/);
  });

  test("not a reporter's, or not spoken to: no draft", async () => {
    const director = await t.say("赵六", "@赵六", DESCRIPTION);
    expect(director).not.toContain("草稿");
    expect(director).not.toContain("仅限");
    const before = t.chat.sent.length;
    await t.say("张三", GY_GROUP, DESCRIPTION);
    expect(t.chat.sent.length).toBe(before);
    expect(await createRepos(db).drafts.get(1, "x")).toBeUndefined();
    expect(await onFile()).toBe(0);
  });
  test("a description of another enterprise over an unfinished draft is not merged into it", async () => {
    const first = await t.say(
      "张三",
      "@张三",
      "上报\n企业名称：宏达塑料厂\n所在村组：黄河村三组\n企业类型：小散乱污\n企业规模：12人\n原辅材料：废塑料",
    );
    expect(first).toContain("上报未完成");
    const other = await t.say(
      "张三",
      "@张三",
      "黄河村四组有家小印染，七八个人，污水直排，手续不全，需要整改",
    );
    expect(other).toContain("你还有一份未提交的上报（宏达塑料厂，黄河村三组）");
    expect(other).toContain("没有并入");
    expect(other).not.toContain("草稿（未提交）");
    // The open draft is as it was: finishing it files the first enterprise's own facts.
    const done = await t.say(
      "张三",
      "@张三",
      "涉水涉气：涉气\n有无手续：无\n整治要求：限期拆除\n整治期限：3月31日\n分包责任人：张三",
    );
    expect(done).toContain("✅ 已上报 GY-0001");
    const query = await t.say("张三", "@张三", "查询 GY-0001");
    expect(query).toContain("黄河村三组");
    expect(query).not.toContain("黄河村四组");
    expect(query).not.toContain("不全");
    expect(await onFile()).toBe(1);
  });
});

import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

// Photos, locations, files and draft follow-ups are handlers registered like commands, each behind its
// roles: these are the answers a person sees when a handler refuses them or none takes the message.
describe.each(ENGINES)("input handlers and their roles (%s)", (engine) => {
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

  test("a director's photo and location are refused; an inspector's go into the case file", async () => {
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#808080" } })
      .jpeg()
      .toBuffer();
    expect(await t.say("张三", GY_GROUP, REPORT)).toContain("✅ 已上报 GY-0001");
    expect(await t.say("赵六", GY_GROUP, { photo, caption: "GY-0001" })).toBe("您的角色不能上传整治照片。");
    expect(await t.say("赵六", GY_GROUP, { lat: 34.85, lng: 113.56 })).toContain("「标注企业位置」仅限");
    expect(await t.say("张三", GY_GROUP, { photo })).toContain("📷 照片已存入【GY-0001】");
    expect(await t.say("张三", GY_GROUP, { lat: 34.85, lng: 113.56 })).toContain("📍 已记录【GY-0001】");
  });

  test("text that is no command: a draft's missing field, a hint in private, silence in a group", async () => {
    const partial = REPORT.replace("分包责任人：张三\n", "");
    expect(await t.say("张三", "@张三", partial)).toContain("分包责任人：缺少");
    expect(await t.say("张三", "@张三", "好的")).toContain("有一份未完成的上报");
    expect(await t.say("张三", "@张三", "分包责任人：张三")).toContain("✅ 已上报 GY-0001");
    expect(await t.say("赵六", "@赵六", "好的")).toContain("没有看懂这条消息");
    const before = t.chat.sent.length;
    await t.say("赵六", GY_GROUP, "好的");
    expect(t.chat.sent.length).toBe(before);
  });
});

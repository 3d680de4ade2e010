import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

// Issue 13: wrong input gets its own answer, on both engines alike.
describe.each(ENGINES)("wrong input (%s)", (engine) => {
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

  test("a 150 KB invalid 企业类型 is not echoed in full", async () => {
    const reply = await t.say(
      "张三",
      GY_GROUP,
      REPORT.replace("企业类型：小散乱污", `企业类型：${"坏".repeat(50_000)}`),
    );
    expect(reply).toContain(`企业类型：“${"坏".repeat(20)}…”无法识别`);
    expect(reply.length).toBeLessThan(2000);
    expect(t.chat.textsIn(GY_GROUP)).toHaveLength(1);
  });

  test("a 进展 note over 300 characters gets its own answer, nothing recorded", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    const reply = await t.say("张三", GY_GROUP, `进展 GY-0001 ${"说".repeat(401)}`);
    expect(reply).toBe("进展说明不超过300字（现有401字），请精简后重新发送。");
    expect(await db("audit_log").where({ action: "note" })).toHaveLength(0);
  });

  test("a 督查 problem over 300 characters gets its own answer", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    const reply = await t.say(
      "王五",
      "@王五",
      `督查 GY-0001 问题 ${"偷".repeat(401)} 要求 限期拆除 期限 4月30日`,
    );
    expect(reply).toBe("问题不超过300字（现有401字），请精简后重新发送。");
  });

  test("登记 with a name over 20 characters or an account over 128 gets its own answer", async () => {
    expect(await t.say("周管理", "@周管理", `登记 ${"名".repeat(41)} 巡查员 古荥镇`)).toBe(
      "姓名不超过20字（现有41字），请精简后重新发送。",
    );
    expect(await t.say("周管理", "@周管理", `登记 刘一 巡查员 古荥镇 wecom:${"a".repeat(130)}`)).toBe(
      "账号不超过128字（现有136字），请精简后重新发送。",
    );
  });

  test("a NUL character in a report is dropped; the report is filed", async () => {
    const reply = await t.say("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", "黄河\u0000塑料加工厂"));
    expect(reply).toContain("✅ 已上报 GY-0001");
    expect(reply).toContain("【GY-0001】黄河塑料加工厂");
  });

  test("查询 % and 查询 _ are text, not wildcards", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    expect(await t.say("张三", GY_GROUP, "查询 %")).toBe("未找到名称含“%”的企业。");
    expect(await t.say("张三", GY_GROUP, "查询 _")).toBe("未找到名称含“_”的企业。");
    expect(await t.say("张三", GY_GROUP, "查询 塑料")).toContain("GY-0001");
  });

  test("a shared location out of range is refused, not made the site's position", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    const reply = await t.say("张三", GY_GROUP, { lat: 1e308, lng: 113.6 });
    expect(reply).toContain("位置坐标无效");
    expect((await db("enterprises").first())?.site_lat).toBeNull();
  });

  test("a photo whose EXIF says 9999-12-31 at 999° is kept without that time and place", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#405060" } })
      .jpeg()
      .withExif({
        IFD0: { Make: "test" },
        IFD2: { DateTimeOriginal: "9999:12:31 10:30:00" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "999/1 0/1 0/1",
          GPSLongitudeRef: "E",
          GPSLongitude: "113/1 0/1 0/1",
        },
      })
      .toBuffer();
    await t.say("张三", GY_GROUP, { photo });
    const stored = await db("photos").first();
    expect(stored?.taken_at).toBeNull();
    expect(stored?.gps_lat).toBeNull();
  });
});

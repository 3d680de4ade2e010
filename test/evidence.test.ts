import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg, jpegAt, pdfText } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/** The site of GY-0001, as 张三 shares it; 18 km north of it; 200 m from it. */
const SITE = { lat: 34.8512, lng: 113.6123 };
const FAR = { lat: 35.0131, lng: 113.6123 };
const NEAR = { lat: 34.853, lng: 113.6123 };

describe.each(ENGINES)("evidence: what proves a case finished (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir);
    await t.say("张三", GY_GROUP, REPORT);
    t.clock.advance(3_600_000);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test.each([
    ["a 13-byte text file", Buffer.from("not a photo\r\n")],
    ["a PDF", Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")],
    ["random bytes", Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) % 256))],
  ])("%s sent as a photo is answered plainly, not filed, and proves nothing", async (_, bytes) => {
    const reply = await t.say("张三", GY_GROUP, { photo: bytes, caption: "GY-0001" });
    expect(reply).toContain("这不是图片");
    expect(reply).not.toContain("已存入");
    expect(await t.say("张三", GY_GROUP, "查询 GY-0001")).toContain("照片：0 张");
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("请先发送上报后拍摄的现场照片");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("待整治");
  });

  test("a JPEG cut off halfway is not a picture either", async () => {
    const whole = await jpegAt(3, NEAR);
    const reply = await t.say("张三", GY_GROUP, { photo: whole.subarray(0, whole.length >> 1) });
    expect(reply).toContain("这不是图片");
  });

  test("a photo 18 km from the site proves nothing, in chat, 销号 and the dossier, until a supervisor accepts it", async () => {
    await t.say("张三", GY_GROUP, SITE);
    let reply = await t.say("张三", GY_GROUP, { photo: await jpegAt(9, FAR) });
    expect(reply).toContain("⚠️ 照片1不作为整治完成的证明：拍摄地点距厂址约18.0公里（超过500米）");

    reply = await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    expect(reply).toContain("· 照片1：拍摄地点距厂址约18.0公里（超过500米）");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("待整治");

    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toContain("照片：1 张，可作为整治完成证明的 0 张");
    expect(reply).toContain("照片1不作为整治完成的证明：拍摄地点距厂址约18.0公里（超过500米）");

    await t.say("赵六", "@赵六", "档案 GY-0001");
    let text = await pdfText(t.chat.filesIn("@赵六").at(-1)!.bytes);
    expect(text).toContain("不作为整治完成的证明");
    expect(text).toContain("拍摄地点距厂址约18.0公里（超过500米）");
    expect(text).not.toContain("可作为整治完成的证明");
    expect(text).not.toContain("需核实");

    // Only a district supervisor accepts, with a reason, audited.
    expect(await t.say("李四", GY_GROUP, "采信 GY-0001 1 我看过了")).toContain("「采信」仅限区督查使用");
    expect(await t.say("王五", "@王五", "采信 GY-0001 1")).toContain("请写明采信理由");
    expect(await t.say("王五", "@王五", "采信 GY-0001 3 现场复核")).toContain("没有照片3");
    reply = await t.say("王五", "@王五", "采信 GY-0001 1 现场复核，厂区在北侧堆场");
    expect(reply).toContain("✅ 已采信【GY-0001】照片1");
    expect(reply).toContain("照片1可作为整治完成的证明（王五采信：现场复核，厂区在北侧堆场）");
    const audit = await createRepos(db).audit.forEntity("enterprise", 1);
    expect(audit.at(-1)).toMatchObject({
      action: "photo_accept",
      personName: "王五",
      note: "照片1：现场复核，厂区在北侧堆场",
    });

    reply = await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    expect(reply).toContain("→ 拆除到位");
    await t.say("赵六", "@赵六", "档案 GY-0001");
    text = await pdfText(t.chat.filesIn("@赵六").at(-1)!.bytes);
    expect(text).toContain("可作为整治完成的证明");
    expect(text).toContain("采信：现场复核，厂区在北侧堆场");
  });

  test("a photo taken at the site after the report proves it; 销号 asks again when none does", async () => {
    await t.say("张三", GY_GROUP, SITE);
    let reply = await t.say("张三", GY_GROUP, { photo: await jpegAt(4, NEAR) });
    expect(reply).toContain("照片已存入【GY-0001】");
    expect(reply).not.toContain("⚠️");
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("→ 拆除到位");
    expect(await t.say("赵六", "@赵六", "查询 GY-0001")).toContain("照片：1 张，可作为整治完成证明的 1 张");

    // The same picture later filed for another enterprise is that one's problem, not this one's.
    await t.say("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", "古荥铸造厂"));
    reply = await t.say("张三", GY_GROUP, { photo: await jpegAt(4, NEAR) });
    expect(reply).toContain("照片1不作为整治完成的证明：与GY-0001的照片相同");
    expect(await t.say("李四", GY_GROUP, "销号 GY-0001")).toContain("已销号");
    expect(await t.say("李四", GY_GROUP, "采信 GY-0002 1 同一院内")).toContain("「采信」仅限区督查使用");
  });

  test("a plain photo without EXIF (chat apps strip it) proves a case reported before it arrived", async () => {
    await t.say("张三", GY_GROUP, { photo: await jpeg(12) });
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("→ 拆除到位");
  });
  test("after 反弹 a photo of the earlier round proves nothing: in chat, 销号, 查询 and the dossier", async () => {
    await t.say("张三", GY_GROUP, { photo: await jpeg(31) });
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("→ 拆除到位");
    expect(await t.say("李四", GY_GROUP, "销号 GY-0001")).toContain("已销号");
    t.clock.advance(3 * 86_400_000);
    expect(await t.say("李四", GY_GROUP, "反弹 GY-0001 夜间恢复生产")).toContain("已重新立案");
    t.clock.advance(3_600_000);

    // The old photo is still on file but shows the first demolition, not this one.
    let reply = await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    expect(reply).toContain("不能证明本次整治");
    expect(reply).toContain("请先发送反弹重新立案后拍摄的现场照片");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("正在拆除");
    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toContain("照片：1 张，可作为整治完成证明的 0 张");
    await t.say("赵六", "@赵六", "档案 GY-0001");
    const text = await pdfText(t.chat.filesIn("@赵六").at(-1)!.bytes);
    expect(text).toContain("不能证明本次整治");

    // A photo of this round proves it.
    expect(await t.say("张三", GY_GROUP, { photo: await jpeg(200) })).toContain("已存入");
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("→ 拆除到位");
    expect(await t.say("李四", GY_GROUP, "销号 GY-0001")).toContain("已销号");
  });
});

import ExcelJS from "exceljs";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

describe.each(ENGINES)("台账, 档案 and ledger import in chat (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];
  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir);
    await t.say("张三", GY_GROUP, REPORT);
    await t.say(
      "张三",
      GY_GROUP,
      REPORT.replace("黄河塑料加工厂", "古荥铸造厂").replace("限期拆除", "整改完善"),
    );
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("台账 sends the town's 附件1 as an .xlsx with the seed's title and headers", async () => {
    const reply = await t.say("李四", GY_GROUP, "台账");
    expect(reply).toContain("共 2 家企业");
    const [file] = t.chat.filesIn(GY_GROUP);
    expect(file?.fileName).toMatch(/^古荥镇小散乱污企业排查台账.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain("惠济区小散乱污企业排查台账");
    expect(cells).toContain("黄河塑料加工厂");
    expect(cells).toContain("古荥铸造厂");
  });

  test("an inspector cannot take another town's ledger; a director must name the town", async () => {
    expect(await t.say("张三", GY_GROUP, "台账 花园口镇")).toContain(
      "您只能查看本镇（办）（古荥镇）的台账和档案",
    );
    expect(await t.say("赵六", "@赵六", "台账")).toContain("请写明镇（办）");
    expect(await t.say("赵六", "@赵六", "台账 古荥 2月")).toContain("日期 2017年2月23日");
  });

  test("档案 sends the enterprise's PDF dossier", async () => {
    await t.say("张三", GY_GROUP, {
      photo: await sharp({ create: { width: 16, height: 16, channels: 3, background: "#335577" } })
        .jpeg()
        .toBuffer(),
    });
    expect(await t.say("赵六", "@赵六", "档案 GY-0001")).toContain("📎");
    const [pdf] = t.chat.filesIn("@赵六");
    expect(pdf?.fileName).toMatch(/GY-0001.*\.pdf$/);
    expect(pdf?.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  test("an exported ledger sent back changes nothing; the wrong role and the wrong file type are refused", async () => {
    await t.say("李四", GY_GROUP, "台账");
    const [file] = t.chat.filesIn(GY_GROUP);
    const reply = await t.say("李四", GY_GROUP, { file: file!.bytes, fileName: file!.fileName });
    expect(reply).toContain("台账导入完成：新建 0 家，已在册 2 家");
    expect(reply).toContain("第5行 黄河塑料加工厂 → GY-0001");
    expect(Number((await db("enterprises").count({ n: "*" }).first())?.n)).toBe(2);
    expect(await t.say("张三", GY_GROUP, { file: file!.bytes, fileName: "x.xlsx" })).toContain(
      "导入台账限镇（办）管理员",
    );
    expect(await t.say("李四", GY_GROUP, { file: Buffer.from("hello"), fileName: "说明.docx" })).toContain(
      "只能导入排查台账（.xlsx）",
    );
  });
});

describe.each(ENGINES)("督查台账 (%s)", (engine) => {
  test("a transfer made in chat is a row of ledger 2", async () => {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir);
    await t.say("张三", GY_GROUP, REPORT);
    const transfer = await t.say(
      "王五",
      "@王五",
      "督查 GY-0001 问题 夜间偷偷生产 要求 限期拆除 期限 4月30日",
    );
    expect(transfer).toContain("YJ-0001");
    expect(await t.say("张三", GY_GROUP, "督查台账")).toContain("「督查台账」仅限");
    expect(await t.say("王五", "@王五", "督查台账")).toContain("共 1 条移交记录");
    const [file] = t.chat.filesIn("@王五");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file!.bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain("惠济区小散乱污企业督查跟踪台账");
    expect(cells).toContain("黄河塑料加工厂");
    expect(cells).toContain("古荥镇");
    await t.bot.stop();
    await fresh.db.destroy();
  });
});

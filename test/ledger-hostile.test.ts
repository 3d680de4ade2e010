import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { importLedger1 } from "../reports/ledger/ledger1-import.js";
import { messyLedger } from "./fixtures/ledgers/messy-ledger.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";
import { gibibyteOfZeros, ledgerRows, xlsxWithSheet } from "./helpers/zip-writer.js";

// Issue 13: an .xlsx import is bounded in unpacked size and rows before it is loaded, and a wrong
// ledger file gets its own clear answer instead of the generic 处理这条消息时出错.
describe("workbook bounds, checked before loading", () => {
  test("a 1 MB zip that unpacks to 1 GiB is refused as too large", async () => {
    const bomb = await xlsxWithSheet(gibibyteOfZeros, true);
    expect(bomb.length).toBeLessThan(1_200_000);
    await expect(importLedger1(bomb, { campaignYear: 2017 })).rejects.toThrow(
      "该文件过大（文件解压后超过64 MB），未导入。",
    );
  });

  test("a 350,000-row ledger is refused as too large", async () => {
    const big = await xlsxWithSheet(ledgerRows(350_000));
    await expect(importLedger1(big, { campaignYear: 2017 })).rejects.toThrow(
      "该文件过大（台账超过20,000行），未导入。请按镇（办）分开，每个文件不超过2万行。",
    );
  });

  test("a workbook within the bounds is read as before, whatever its parts' names", async () => {
    const parsed = await importLedger1(await messyLedger(), { campaignYear: 2017 });
    expect(parsed.rows).toHaveLength(6);
  });
});

async function ledgerOf(town: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  ws.getCell("A1").value = "惠济区小散乱污企业排查台账";
  ws.getCell("A2").value = `镇（办）：${town}    (盖章)`;
  ws.addRow([]);
  ws.addRow(["序号", "所在村组", "企业名称", "企业类型", "企业规模", "原辅材料", "涉水涉气", "有无手续"]);
  ws.getRow(4).getCell(9).value = "整治要求";
  ws.getRow(4).getCell(13).value = "完成情况";
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(ENGINES)("a wrong ledger file gets its own answer (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    t = await startTestBot(fresh.db, fresh.dir);
    close = async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    };
  });
  afterEach(() => close());

  test.each([
    [
      "not a spreadsheet, named .docx",
      Buffer.from("hello"),
      "说明.docx",
      "该文件不是 Excel 2007 及以上格式（.xlsx）的表格",
    ],
    [
      "not a spreadsheet, named .xlsx",
      Buffer.from("PK\u0003\u0004broken"),
      "台账.xlsx",
      "该文件不是 Excel 2007 及以上格式（.xlsx）的表格",
    ],
    ["a zip bomb", null, "台账.xlsx", "该文件过大（文件解压后超过64 MB），未导入。"],
  ])("%s", async (_, bytes, fileName, answer) => {
    const file = bytes ?? (await xlsxWithSheet(gibibyteOfZeros, true));
    const reply = await t.say("李四", GY_GROUP, { file, fileName });
    expect(reply).toContain(answer);
    expect(reply).not.toContain("处理这条消息时出错");
  });

  test("another town's ledger is refused with the town named", async () => {
    const reply = await t.say("李四", GY_GROUP, { file: await ledgerOf("花园口镇"), fileName: "台账.xlsx" });
    expect(reply).toContain("该台账的镇（办）是“花园口镇”，不是“古荥镇”，未导入。");
  });

  test("a workbook without the ledger's header is refused with what the header needs", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").addRow(["姓名", "电话"]);
    const reply = await t.say("李四", GY_GROUP, {
      file: Buffer.from(await wb.xlsx.writeBuffer()),
      fileName: "名单.xlsx",
    });
    expect(reply).toContain("找不到台账表头");
  });

  test("a ledger sent without a file name is recognised by its content", async () => {
    const reply = await t.say("李四", GY_GROUP, { file: await messyLedger(), fileName: "" });
    expect(reply).toContain("台账导入完成：新建 6 家");
  });
});

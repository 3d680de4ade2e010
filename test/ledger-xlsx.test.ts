import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { chineseDate } from "../domain/dates.js";
import { buildLedger1Xlsx, streamLedger1Xlsx } from "../reports/ledger/ledger1-xlsx.js";
import { buildLedger2Xlsx, type TransferRow } from "../reports/ledger/ledger2-xlsx.js";
import { enterprise, townEnterprises } from "./fixtures/ledgers/enterprises.js";

async function open(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}
/** What Excel shows: exceljs's `text` ignores number formats, so a date cell is shown through its format. */
function shown(cell: ExcelJS.Cell): string {
  if (cell.value instanceof Date) {
    expect(cell.numFmt).toBe('yyyy"年"m"月"d"日"');
    return chineseDate(cell.value.toISOString().slice(0, 10));
  }
  return cell.text;
}
const rowTexts = (ws: ExcelJS.Worksheet, r: number, n: number) =>
  Array.from({ length: n }, (_, i) => shown(ws.getRow(r).getCell(i + 1)));

const LEDGER1_HEADERS = [
  "序号",
  "所在村组",
  "企业名称",
  "企业类型",
  "企业规模 (人员等)",
  "原辅材料",
  "涉水涉气",
  "有无手续",
  "整治要求",
  "上报时间",
  "整治期限",
  "分包责任人",
  "完成情况 (完成日期)",
  "备注",
];

function expectOfficialPage(ws: ExcelJS.Worksheet) {
  expect(ws.pageSetup.paperSize).toBe(9);
  expect(ws.pageSetup.orientation).toBe("landscape");
  expect(ws.pageSetup.fitToPage).toBe(true);
  expect(ws.pageSetup.fitToWidth).toBe(1);
  expect(ws.pageSetup.fitToHeight).toBe(0);
  expect(ws.pageSetup.printTitlesRow).toBe("4:4");
}

describe("ledger 1 (附件1) export", () => {
  test("the seed's title, lines, headers, notes and an A4 landscape page with the header repeated", async () => {
    const ws = await open(
      await buildLedger1Xlsx({ town: "花园口镇", date: "2017-03-23", enterprises: townEnterprises() }),
    );
    expect(ws.getCell("A1").text).toBe("惠济区小散乱污企业排查台账");
    expect(ws.getCell("A2").text).toBe("镇（办）：花园口镇");
    expect(rowTexts(ws, 2, 14)).toContain("(盖章)");
    expect(ws.getCell("A3").text).toBe("日期：2017年3月23日");
    expect(rowTexts(ws, 4, 14)).toEqual(LEDGER1_HEADERS);
    expect(ws.getCell("A9").text).toMatch(
      /^注：1\. 此表各镇、办事处环保部门填报，自2月起每月23日前上报。2\./,
    );
    expect(ws.getCell("A9").text).toContain("4. 完成情况为报送时企业情况");
    expectOfficialPage(ws);
    expect(ws.getCell("C5").border.top?.style).toBe("thin");
    expect(ws.getCell("C5").alignment.wrapText).toBe(true);
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(20);
  });

  test("rows: dates as 2017年3月1日, 完成情况 with its completion date, closed cases 已销号", async () => {
    const ws = await open(
      await buildLedger1Xlsx({ town: "花园口镇", date: "2017-03-23", enterprises: townEnterprises() }),
    );
    expect(rowTexts(ws, 5, 14)).toEqual([
      "1",
      "八堡村三组",
      "黄河塑料加工厂",
      "小散乱污",
      "8人",
      "废塑料",
      "涉气",
      "无",
      "限期拆除",
      "2017年2月10日",
      "2017年3月31日",
      "张伟",
      "待整治",
      "",
    ]);
    expect(ws.getCell("M7").text).toBe("已销号（拆除到位，2017年3月18日）");
    expect(ws.getCell("M8").text).toBe("手续办结（2017年3月1日）");
    expect(ws.getCell("N7").text).toBe("已断水断电");
  });

  test("a blank date leaves the form's 日期： 年 月 日", async () => {
    const ws = await open(await buildLedger1Xlsx({ town: "古荥镇", date: null, enterprises: [] }));
    expect(ws.getCell("A3").text).toBe("日期： 年 月 日");
    expect(ws.getCell("A5").text).toMatch(/^注：/);
  });

  test("the streaming writer gives the same form", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const rows = Array.from({ length: 300 }, (_, i) => enterprise({ id: i + 1, name: `企业${i + 1}` }));
    const n = await streamLedger1Xlsx({ town: "花园口镇", date: "2017-03-23" }, rows, out);
    expect(n).toBe(300);
    const ws = await open(Buffer.concat(chunks));
    expect(ws.getCell("A1").text).toBe("惠济区小散乱污企业排查台账");
    expect(rowTexts(ws, 4, 14)).toEqual(LEDGER1_HEADERS);
    expect(ws.getCell("C304").text).toBe("企业300");
    expect(shown(ws.getCell("J304"))).toBe("2017年2月10日");
    expect(ws.getCell("A305").text).toMatch(/^注：1\./);
    expectOfficialPage(ws);
  });
});

describe("ledger 2 (附件2) export", () => {
  test("the seed's form with one transferred case per row", async () => {
    const row: TransferRow = {
      town: "花园口镇",
      name: "黄河塑料加工厂",
      address: "八堡村三组",
      type: "小散乱污",
      requirement: "限期拆除",
      transferredOn: "2017-03-05",
      state: "拆除到位",
      finishedOn: "2017-03-20",
      responsible: "张伟",
    };
    const ws = await open(
      await buildLedger2Xlsx({ unit: "惠济区环境保护局", date: "2017-03-23", rows: [row] }),
    );
    expect(ws.getCell("A1").text).toBe("惠济区小散乱污企业督查跟踪台账");
    expect(ws.getCell("A2").text).toBe("填报单位：惠济区环境保护局");
    expect(rowTexts(ws, 2, 9)).toContain("(盖章)");
    expect(rowTexts(ws, 4, 9)).toEqual([
      "序号",
      "所在乡 (镇)、办",
      "企业名称",
      "地址",
      "企业类型",
      "整治要求",
      "移交日期",
      "完成情况 (完成日期)",
      "分包 责任人",
    ]);
    expect(rowTexts(ws, 5, 9)).toEqual([
      "1",
      "花园口镇",
      "黄河塑料加工厂",
      "八堡村三组",
      "小散乱污",
      "限期拆除",
      "2017年3月5日",
      "拆除到位（2017年3月20日）",
      "张伟",
    ]);
    expect(ws.getCell("A6").text).toBe(
      "注：1. 此表区本级填报。自2月起每月23日前上报。2. 类型分为：小散乱污、八小。3. 整治要求包括补办手续、整改完善、限期拆除。" +
        "4. 完成情况为报送时企业情况，根据整治要求包括补办手续、正在整治、正在拆除、拆除到位等，已完成的应注明完成日期。",
    );
    expectOfficialPage(ws);
  });
});

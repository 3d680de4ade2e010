import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { importLedger1, LedgerFormatError } from "../reports/ledger/ledger1-import.js";
import { buildLedger1Xlsx, streamLedger1Xlsx } from "../reports/ledger/ledger1-xlsx.js";
import { enterprise, townEnterprises } from "./fixtures/ledgers/enterprises.js";
import { messyLedger } from "./fixtures/ledgers/messy-ledger.js";

describe("importLedger1", () => {
  test("an exported ledger imports back to the same data", async () => {
    const enterprises = townEnterprises();
    const xlsx = await buildLedger1Xlsx({ town: "花园口镇", date: "2017-03-23", enterprises });
    const result = await importLedger1(xlsx, { campaignYear: 2017 });

    expect(result.rejected).toEqual([]);
    expect(result.duplicatesInFile).toEqual([]);
    expect(result.town).toBe("花园口镇");
    expect(result.date).toBe("2017-03-23");
    expect(result.rows).toHaveLength(enterprises.length);
    result.rows.forEach((row, i) => {
      const e = enterprises[i]!;
      expect(row.seq).toBe(i + 1);
      expect(row.report).toEqual({
        name: e.name,
        village: e.village,
        type: e.type,
        scale: e.scale,
        materials: e.materials,
        waterAir: e.waterAir,
        permits: e.permits,
        requirement: e.requirement,
        deadline: e.deadline,
        responsible: e.responsible,
        ...(e.remarks ? { remarks: e.remarks } : {}),
      });
      expect(row.reportedOn).toBe(e.reportedOn);
      expect({ state: row.state, finishedOn: row.finishedOn, closed: row.closed }).toEqual({
        state: e.state,
        finishedOn: e.finishedOn,
        closed: e.closedAt !== null,
      });
    });
  });

  test("a streamed ledger of 1,000 rows imports back whole", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const rows = Array.from({ length: 1000 }, (_, i) =>
      enterprise({
        id: i + 1,
        name: `第${i + 1}号加工厂`,
        state: i % 2 ? "拆除到位" : "正在拆除",
        finishedOn: i % 2 ? "2017-03-20" : null,
      }),
    );
    await streamLedger1Xlsx({ town: "花园口镇", date: "2017-03-23" }, rows, out);
    const result = await importLedger1(Buffer.concat(chunks), { campaignYear: 2017 });
    expect(result.rejected).toEqual([]);
    expect(result.rows).toHaveLength(1000);
    expect(result.rows[999]).toMatchObject({
      row: 1004,
      seq: 1000,
      state: "拆除到位",
      finishedOn: "2017-03-20",
    });
    expect(result.rows[999]!.report.name).toBe("第1000号加工厂");
  });

  test("a messy town ledger: accepted rows, rejected cells named, duplicates found", async () => {
    const result = await importLedger1(await messyLedger(), { campaignYear: 2017 });

    expect(result.headerRow).toBe(5);
    expect(result.town).toBe("古荥镇");
    expect(result.date).toBe("2017-03-23");
    expect(result.rows.map((r) => r.row)).toEqual([7, 8, 9, 11, 14, 15]);
    expect(result.rejected.map((r) => r.cell)).toEqual(["D12", "K12", "M13", "M17"]);
    expect(new Set(result.rejected.map((r) => r.row)).size).toBe(3);
    expect(result.rejected[0]!.reason).toContain("企业类型");
    expect(result.rejected[0]!.reason).toContain("小散乱污/八小");
    expect(result.rejected[1]!.reason).toContain("整治期限");
    expect(result.rejected[2]!.reason).toContain("应注明完成日期");
    expect(result.rejected[3]!.reason).toContain("与整治要求“整改完善”不符");
    expect(result.duplicatesInFile).toEqual([{ row: 16, firstRow: 7, name: "鑫源塑料颗粒有限公司" }]);

    const byRow = new Map(result.rows.map((r) => [r.row, r]));
    // Excel date, text 2017.3.31, merged village, number as scale
    expect(byRow.get(7)).toMatchObject({ reportedOn: "2017-02-08", state: "正在拆除" });
    expect(byRow.get(7)!.report).toMatchObject({ village: "孙庄村", deadline: "2017-03-31", scale: "12" });
    // merged village read from its master; 2017年2月9日 as text
    expect(byRow.get(8)!.report.village).toBe("孙庄村");
    expect(byRow.get(8)).toMatchObject({
      reportedOn: "2017-02-09",
      state: "整改到位",
      finishedOn: "2017-03-15",
    });
    expect(byRow.get(9)!.report).toMatchObject({ village: "孙庄村", deadline: "2017-04-30" });
    // 拆除 → 限期拆除, closed with a dotted date
    expect(byRow.get(11)).toMatchObject({ state: "拆除到位", finishedOn: "2017-03-10", closed: true });
    expect(byRow.get(11)!.reinterpreted).toEqual([{ label: "整治要求", from: "拆除", to: "限期拆除" }]);
    // Excel serial numbers without a date format; empty 完成情况 is 待整治
    expect(byRow.get(14)).toMatchObject({ reportedOn: "2017-02-14", state: "待整治", finishedOn: null });
    expect(byRow.get(14)!.report.deadline).toBe("2017-03-31");
    expect(byRow.get(15)!.state).toBe("正在整治");
  });

  test("a file without the ledger's header is refused with a Chinese reason", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").addRow(["姓名", "电话"]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(importLedger1(buffer, { campaignYear: 2017 })).rejects.toThrow(LedgerFormatError);
    await expect(importLedger1(buffer, { campaignYear: 2017 })).rejects.toThrow(/找不到台账表头/);
    await expect(importLedger1(Buffer.from("not a zip"), { campaignYear: 2017 })).rejects.toThrow(/\.xlsx/);
  });
});

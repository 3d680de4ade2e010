import { describe, expect, test } from "vitest";
import { ledgerMoment } from "../domain/ledger-as-of.js";
import { ledger1FileName, ledgerRows, parseLedgerMonth } from "../reports/ledger/ledger-select.js";
import { formatImportSummary } from "../reports/ledger/ledger1-import-summary.js";
import { townEnterprises } from "./fixtures/ledgers/enterprises.js";

describe("which ledger", () => {
  test.each([
    ["3月", { year: 2017, month: 3 }],
    ["3月份", { year: 2017, month: 3 }],
    ["2018年2月", { year: 2018, month: 2 }],
    ["2017-03", { year: 2017, month: 3 }],
    ["2017.3", { year: 2017, month: 3 }],
    ["13月", null],
    ["下个月", null],
  ])("month %s", (text, month) => {
    expect(parseLedgerMonth(text, 2017)).toEqual(month);
  });

  test("a month's ledger is as its 报送, else the end of its 23rd, or now while that is ahead", () => {
    const now = { now: "2017-04-10T02:00:00.000Z", today: "2017-04-10" };
    expect(ledgerMoment({ year: 2017, month: 3 }, null, now)).toEqual({
      date: "2017-03-23",
      instant: "2017-03-23T15:59:59.999Z",
      submitted: false,
    });
    const sent = { submittedAt: "2017-03-20T08:00:00.000Z", submittedOn: "2017-03-20" };
    expect(ledgerMoment({ year: 2017, month: 3 }, sent, now)).toEqual({
      date: "2017-03-20",
      instant: "2017-03-20T08:00:00.000Z",
      submitted: true,
    });
    expect(ledgerMoment({ year: 2017, month: 4 }, null, now)).toMatchObject({
      date: "2017-04-10",
      instant: now.now,
    });
    expect(ledgerMoment(null, null, now)).toMatchObject({ date: "2017-04-10", instant: now.now });
    expect(ledger1FileName("古荥镇", "2017-03-23")).toBe("古荥镇小散乱污企业排查台账（2017年3月23日）.xlsx");
  });

  test("rows as they stood on the ledger's date", () => {
    const asOfFeb16 = ledgerRows(townEnterprises(), "2017-02-16");
    expect(asOfFeb16.map((e) => e.name)).toEqual([
      "黄河塑料加工厂",
      "郑州市惠济区宏达铸造有限公司",
      "金水印染作坊",
    ]);
    // finished 3月18日 and closed 3月22日: on 2月16日 it was being demolished
    expect(asOfFeb16[2]).toMatchObject({ state: "正在拆除", finishedOn: null, closedAt: null });
    const asOfMar20 = ledgerRows(townEnterprises(), "2017-03-20");
    expect(asOfMar20[2]).toMatchObject({ state: "拆除到位", finishedOn: "2017-03-18", closedAt: null });
    expect(ledgerRows(townEnterprises(), "2017-03-23")[2]!.closedAt).not.toBeNull();
  });
});

describe("formatImportSummary", () => {
  test("counts, every bad cell by address, duplicates and reinterpreted words", () => {
    const text = formatImportSummary({
      accepted: 2,
      created: 2,
      duplicatesInDb: [{ row: 7, name: "丙厂", caseNo: "GY-0009" }],
      duplicatesInFile: [{ row: 9, firstRow: 5, name: "甲厂" }],
      rejected: [
        { row: 8, cell: "D8", reason: "企业类型“小作坊”无法识别，可填：小散乱污/八小" },
        { row: 8, cell: "K8", reason: "整治期限“下个月”无法识别" },
      ],
      reinterpreted: [{ row: 6, label: "整治要求", from: "拆除", to: "限期拆除" }],
    });
    expect(text.split("\n")[0]).toBe("台账导入完成：新建 2 家，已在册 1 家，表内重复 1 行，有误 1 行。");
    expect(text).toContain("· D8：企业类型“小作坊”无法识别，可填：小散乱污/八小");
    expect(text).toContain("· K8：整治期限“下个月”无法识别");
    expect(text).toContain("· 第7行 丙厂 → GY-0009");
    expect(text).toContain("· 第9行 甲厂（同第5行）");
    expect(text).toContain("· 第6行 整治要求“拆除”按“限期拆除”");
  });

  test("a long list is cut with the count of the rest", () => {
    const rejected = Array.from({ length: 25 }, (_, i) => ({
      row: i + 5,
      cell: `D${i + 5}`,
      reason: "缺少",
    }));
    const text = formatImportSummary({ accepted: 0, duplicatesInFile: [], rejected, reinterpreted: [] });
    expect(text.split("\n")[0]).toBe("台账检查完成：可导入 0 行，表内重复 0 行，有误 25 行。");
    expect(text).toContain("……另有 5 条");
  });
});

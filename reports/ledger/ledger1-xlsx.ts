import type { Writable } from "node:stream";
import { completionOf } from "../../domain/completion.js";
import type { IsoDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { collectXlsx, type LedgerCell, type LedgerSpec, streamLedger } from "./ledger-sheet.js";

/** 附件1 惠济区小散乱污企业排查台账, in the seed's words (headers keep the seed's spaces and brackets). */
const LEDGER1_SPEC: LedgerSpec = {
  title: "惠济区小散乱污企业排查台账",
  unitLabel: "镇（办）：",
  columns: [
    { header: "序号", width: 5, align: "center" },
    { header: "所在村组", width: 12, align: "center" },
    { header: "企业名称", width: 22, align: "left" },
    { header: "企业类型", width: 10, align: "center" },
    { header: "企业规模 (人员等)", width: 12, align: "center" },
    { header: "原辅材料", width: 14, align: "left" },
    { header: "涉水涉气", width: 10, align: "center" },
    { header: "有无手续", width: 6, align: "center" },
    { header: "整治要求", width: 10, align: "center" },
    { header: "上报时间", width: 16, align: "center", date: true },
    { header: "整治期限", width: 16, align: "center", date: true },
    { header: "分包责任人", width: 10, align: "center" },
    { header: "完成情况 (完成日期)", width: 20, align: "center" },
    { header: "备注", width: 14, align: "left" },
  ],
  notes:
    "注：1. 此表各镇、办事处环保部门填报，自2月起每月23日前上报。2. 类型分为：小散乱污、八小。" +
    "3. 整治要求包括补办手续、整改完善、限期拆除。4. 完成情况为报送时企业情况，根据整治要求包括补办手续、" +
    "正在整治、正在拆除、拆除到位等，已完成的应注明完成日期。",
};

export interface Ledger1Input {
  /** 镇（办） name printed after `镇（办）：`. */
  town: string;
  /** The date printed after `日期：`; null leaves the form's blank `日期： 年 月 日`. */
  date: IsoDate | null;
  enterprises: Enterprise[];
}

/** The cells of one enterprise's row, in column order. */
function ledger1Row(e: Enterprise, seq: number): LedgerCell[] {
  return [
    seq,
    e.village,
    e.name,
    e.type,
    e.scale,
    e.materials,
    e.waterAir,
    e.permits,
    e.requirement,
    { date: e.reportedOn },
    { date: e.deadline },
    e.responsible,
    completionOf(e),
    e.remarks ?? "",
  ];
}

const SHEET_NAME = "排查台账";

/**
 * Ledger 1 as an .xlsx file in memory. Pure: same input, same workbook (creation time is the ledger date).
 * @example const xlsx = await buildLedger1Xlsx({ town: "花园口镇", date: "2017-03-23", enterprises });
 */
export async function buildLedger1Xlsx(input: Ledger1Input): Promise<Buffer> {
  // The streaming writer into memory: 2–3× faster than exceljs's Workbook model, and the same form.
  return collectXlsx((out) => streamLedger1Xlsx(input, input.enterprises, out));
}

/**
 * Ledger 1 written row by row to `stream` (for 100,000 rows and more): memory stays flat.
 * Returns the number of enterprise rows written.
 */
export async function streamLedger1Xlsx(
  head: Omit<Ledger1Input, "enterprises">,
  enterprises: Iterable<Enterprise> | AsyncIterable<Enterprise>,
  stream: Writable,
): Promise<number> {
  const form = { spec: LEDGER1_SPEC, sheetName: SHEET_NAME, unit: head.town, date: head.date };
  return streamLedger(form, enterprises, ledger1Row, stream);
}

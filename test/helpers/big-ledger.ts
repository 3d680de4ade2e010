import ExcelJS from "exceljs";

const HEADERS = [
  "序号",
  "所在村组",
  "企业名称",
  "企业类型",
  "企业规模",
  "原辅材料",
  "涉水涉气",
  "有无手续",
  "整治要求",
  "上报时间",
  "整治期限",
  "分包责任人",
  "完成情况",
  "备注",
];

/**
 * A town's ledger 1 (附件1) of `count` enterprises as exceljs writes it: every row valid and its own
 * enterprise (批量企业1, 批量企业2 …), except every `badEvery`-th row, whose 企业类型 cannot be read
 * (so the summary has refused rows with their reasons). Dates are in `year` (the campaign's, default 2017).
 * @example const xlsx = await bigLedger(20_000, { badEvery: 1000 });
 */
export async function bigLedger(
  count: number,
  opts: { town?: string; badEvery?: number; prefix?: string; year?: number } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  ws.getCell("A1").value = "惠济区小散乱污企业排查台账";
  ws.getCell("A2").value = `镇（办）：${opts.town ?? "古荥镇"}    (盖章)`;
  ws.getRow(3).values = HEADERS;
  const prefix = opts.prefix ?? "批量企业";
  const year = opts.year ?? 2017;
  for (let i = 1; i <= count; i++) {
    const bad = opts.badEvery !== undefined && i % opts.badEvery === 0;
    ws.addRow([
      i,
      "黄河村",
      `${prefix}${i}`,
      bad ? "小作坊" : "小散乱污",
      "6人",
      "废塑料",
      "涉气",
      "无",
      "限期拆除",
      `${year}年2月9日`,
      `${year}.3.31`,
      "刘洋",
      "正在拆除",
      null,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

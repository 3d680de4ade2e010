import ExcelJS from "exceljs";

/** A ledger (.xlsx) as its data rows: each row's cells as the form shows them (dates as 2017年3月1日). */
export async function ledgerRowsOf(xlsx: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: string[][] = [];
  // Row 4 is the header; data rows until the notes (注：…).
  for (let r = 5; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const first = String(row.getCell(1).value ?? "");
    if (first.startsWith("注：")) break;
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(
        v instanceof Date
          ? `${v.getUTCFullYear()}年${v.getUTCMonth() + 1}月${v.getUTCDate()}日`
          : v === null || v === undefined
            ? ""
            : String(v),
      );
    }
    rows.push(cells);
  }
  return rows;
}

/** The notes printed under a ledger's table. */
export async function ledgerNotesOf(xlsx: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  for (let r = 5; r <= sheet.rowCount; r++) {
    const first = String(sheet.getRow(r).getCell(1).value ?? "");
    if (first.startsWith("注：")) return first;
  }
  return "";
}

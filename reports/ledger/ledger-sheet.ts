import { PassThrough, type Writable } from "node:stream";
import type ExcelJS from "exceljs";
import { chineseDate, type IsoDate } from "../../domain/dates.js";
import { displayWidth } from "../../domain/text-normalize.js";

/**
 * The printed form shared by 附件1 and 附件2: title, the unit/盖章 line, the date line, one header row,
 * the rows, and the notes (注：) under the table. Both the in-memory workbook and the streaming writer
 * lay a sheet out through these functions, so the two outputs are the same form.
 */
interface LedgerColumn {
  /** The seed's header wording, spaces and brackets kept. */
  header: string;
  /** Width in Excel character units (a Chinese character takes about 2). */
  width: number;
  align: "center" | "left";
  /** Cells hold Excel dates shown as 2017年3月1日. */
  date?: boolean;
}

export interface LedgerSpec {
  title: string;
  /** `镇（办）：` for 附件1, `填报单位：` for 附件2. */
  unitLabel: string;
  columns: LedgerColumn[];
  notes: string;
}

/** A cell value as written: text, a number (序号) or a calendar date. */
export type LedgerCell = string | number | { date: IsoDate } | null;

/** Row numbers of the form (1-based, as Excel shows them). */
const TITLE_ROW = 1;
const UNIT_ROW = 2;
const DATE_ROW = 3;
const HEADER_ROW = 4;
const FIRST_DATA_ROW = 5;

/** How the ledgers write a date, in cells and in text: 2017年3月1日. */
const DATE_NUMFMT = 'yyyy"年"m"月"d"日"';
const FONT_NAME = "宋体";
const STAMP_TEXT = "(盖章)";

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

/** The subset of Worksheet that both exceljs writers (Workbook and stream WorkbookWriter) share. */
type Sheet = Pick<ExcelJS.Worksheet, "getRow" | "mergeCells" | "columns">;

export function colLetter(index1: number): string {
  let n = index1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The page: A4 landscape, fit to one page wide, header row printed on every page. */
function pageSetupOf(): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

const footerOf = (): Partial<ExcelJS.HeaderFooter> => ({
  oddFooter: "第 &P 页，共 &N 页",
});

function utcDate(date: IsoDate): Date {
  const [y = NaN, m = NaN, d = NaN] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Title, unit and date lines, and the header row. `date` fills `日期： 年 月 日`. */
function writeHead(ws: Sheet, spec: LedgerSpec, unit: string, date: IsoDate | null): void {
  const last = colLetter(spec.columns.length);
  ws.columns = spec.columns.map((c) => ({ width: c.width }));

  const title = ws.getRow(TITLE_ROW);
  title.getCell(1).value = spec.title;
  title.getCell(1).font = { name: FONT_NAME, size: 18, bold: true };
  title.getCell(1).alignment = { horizontal: "center", vertical: "middle" };
  title.height = 36;
  ws.mergeCells(`A${TITLE_ROW}:${last}${TITLE_ROW}`);

  // `镇（办）：花园口镇 … (盖章)`: the unit on the left half, the stamp mark after it.
  const half = Math.max(2, Math.floor(spec.columns.length / 2));
  const unitRow = ws.getRow(UNIT_ROW);
  unitRow.getCell(1).value = `${spec.unitLabel}${unit}`;
  unitRow.getCell(1).font = { name: FONT_NAME, size: 12 };
  unitRow.getCell(1).alignment = { horizontal: "left", vertical: "middle" };
  unitRow.getCell(half + 1).value = STAMP_TEXT;
  unitRow.getCell(half + 1).font = { name: FONT_NAME, size: 12 };
  unitRow.getCell(half + 1).alignment = { horizontal: "left", vertical: "middle" };
  unitRow.height = 22;
  ws.mergeCells(`A${UNIT_ROW}:${colLetter(half)}${UNIT_ROW}`);
  ws.mergeCells(`${colLetter(half + 1)}${UNIT_ROW}:${last}${UNIT_ROW}`);

  const dateRow = ws.getRow(DATE_ROW);
  dateRow.getCell(1).value = date ? `日期：${chineseDate(date)}` : "日期： 年 月 日";
  dateRow.getCell(1).font = { name: FONT_NAME, size: 12 };
  dateRow.getCell(1).alignment = { horizontal: "left", vertical: "middle" };
  dateRow.height = 22;
  ws.mergeCells(`A${DATE_ROW}:${last}${DATE_ROW}`);

  const header = ws.getRow(HEADER_ROW);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: FONT_NAME, size: 11, bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = THIN;
  });
  header.height = Math.max(
    30,
    rowHeightFor(
      spec,
      spec.columns.map((c) => c.header),
    ),
  );
}

const LINE_POINTS = 13.5;
// 2017年12月31日 is 15 display units wide; a date column shows it on one line when wide enough.
const DATE_DISPLAY = "2017年12月31日";

/**
 * Viewers differ on growing a row for wrapped text (LibreOffice and WPS keep the default height), so the
 * row is given the height its longest cell needs: lines = display width (a Chinese character counts 2)
 * over the column width, plus explicit line breaks.
 */
function rowHeightFor(spec: LedgerSpec, values: LedgerCell[]): number {
  let lines = 1;
  spec.columns.forEach((c, i) => {
    const v = values[i] ?? null;
    const text = v === null ? "" : typeof v === "object" ? DATE_DISPLAY : String(v);
    const usable = Math.max(1, c.width - 1.5);
    const n = text
      .split("\n")
      .reduce((sum, part) => sum + Math.max(1, Math.ceil(displayWidth(part) / usable)), 0);
    lines = Math.max(lines, n);
  });
  return Math.round(lines * LINE_POINTS + 6);
}

const bodyStyles = new WeakMap<
  LedgerSpec,
  { text: Partial<ExcelJS.Style>; date: Partial<ExcelJS.Style> }[]
>();

/**
 * One style object per column, shared by all its cells: exceljs recognises a style object it has seen
 * (by identity) and skips rebuilding it, which makes 10,000 rows several times faster. Never mutate them.
 */
function columnStyles(spec: LedgerSpec) {
  let styles = bodyStyles.get(spec);
  if (!styles) {
    styles = spec.columns.map((c) => {
      const text: Partial<ExcelJS.Style> = {
        font: { name: FONT_NAME, size: 10 },
        // A small indent keeps left-aligned text off the border, as a typed form would.
        alignment: {
          horizontal: c.align,
          vertical: "middle",
          wrapText: true,
          ...(c.align === "left" ? { indent: 1 } : {}),
        },
        border: THIN,
      };
      return { text, date: { ...text, numFmt: DATE_NUMFMT } };
    });
    bodyStyles.set(spec, styles);
  }
  return styles;
}

/** One table row at `rowNumber`, bordered and wrapped. */
function writeDataRow(ws: Sheet, spec: LedgerSpec, rowNumber: number, values: LedgerCell[]): void {
  const row = ws.getRow(rowNumber);
  row.height = rowHeightFor(spec, values);
  const styles = columnStyles(spec);
  for (let i = 0; i < spec.columns.length; i++) {
    const cell = row.getCell(i + 1);
    const v = values[i] ?? null;
    if (v !== null && typeof v === "object") {
      cell.value = utcDate(v.date);
      cell.style = styles[i]?.date ?? {};
    } else {
      cell.value = v === "" ? null : v;
      cell.style = styles[i]?.text ?? {};
    }
  }
}

/** The notes (注：1. … ) right under the last table row, across the whole width. */
function writeNotes(ws: Sheet, spec: LedgerSpec, rowNumber: number): void {
  const row = ws.getRow(rowNumber);
  row.getCell(1).value = spec.notes;
  row.getCell(1).font = { name: FONT_NAME, size: 10 };
  row.getCell(1).alignment = { horizontal: "left", vertical: "top", wrapText: true };
  // A merged cell never grows by itself: give the notes the lines they take across the whole width.
  const width = spec.columns.reduce((sum, c) => sum + c.width, 0);
  row.height = Math.round(Math.ceil(displayWidth(spec.notes) / (width - 4)) * LINE_POINTS + 8);
  ws.mergeCells(`A${rowNumber}:${colLetter(spec.columns.length)}${rowNumber}`);
}

/** Workbook properties fixed from the ledger date, so one input always gives the same file content. */
function stamp(wb: { creator: string; created: Date; modified: Date }, date: IsoDate | null): void {
  const when = new Date(`${date ?? "2017-01-01"}T00:00:00Z`);
  wb.creator = "huanbao-bot";
  wb.created = when;
  wb.modified = when;
}

/**
 * A ledger written row by row to `stream` (for 100,000 rows and more: memory stays flat): the head,
 * one row per item, the notes. Returns the number of rows written.
 */
export async function streamLedger<T>(
  form: { spec: LedgerSpec; sheetName: string; unit: string; date: IsoDate | null },
  items: Iterable<T> | AsyncIterable<T>,
  toRow: (item: T, seq: number) => LedgerCell[],
  stream: Writable,
): Promise<number> {
  // exceljs loads with the first ledger, not at start (~0.25 s of CPU).
  const { default: excel } = await import("exceljs");
  const wb = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  stamp(wb, form.date);
  const ws = wb.addWorksheet(form.sheetName, { pageSetup: pageSetupOf(), headerFooter: footerOf() });
  const sheet = ws as unknown as ExcelJS.Worksheet;
  writeHead(sheet, form.spec, form.unit, form.date);
  let n = 0;
  for await (const item of items) {
    writeDataRow(sheet, form.spec, FIRST_DATA_ROW + n, toRow(item, n + 1));
    ws.getRow(FIRST_DATA_ROW + n).commit();
    n++;
  }
  writeNotes(sheet, form.spec, FIRST_DATA_ROW + n);
  ws.commit();
  await wb.commit();
  return n;
}

/** Runs a streaming writer into memory and returns the file. */
export async function collectXlsx(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

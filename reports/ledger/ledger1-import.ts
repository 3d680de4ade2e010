import type ExcelJS from "exceljs";
import { InputError } from "../../base/errors.js";
import type { IsoDate } from "../../domain/dates.js";
import type { ProgressState } from "../../domain/enums.js";
import type { RawReportFields, ReportFieldKey } from "../../domain/report-fields.js";
import { type EnterpriseReport, validateReport } from "../../domain/report-schema.js";
import { quoteValue } from "../../domain/text-limits.js";
import { enterpriseNameKey, toHalfWidth } from "../../domain/text-normalize.js";
import { isFinished, statesFor } from "../../domain/transitions.js";
import { cellDate, cellText } from "./ledger-cells.js";
import { parseCompletion } from "./ledger-completion.js";
import { colLetter } from "./ledger-sheet.js";
import { inspectXlsx, XLSX_LIMITS, type XlsxLimits } from "./xlsx-inspect.js";

/** One valid row of an imported 附件1, ready to be stored. */
interface ImportedRow {
  /** The sheet's row number (as Excel shows it). */
  row: number;
  seq: number | null;
  report: EnterpriseReport;
  /** 上报时间; null when the town left it blank. */
  reportedOn: IsoDate | null;
  state: ProgressState;
  finishedOn: IsoDate | null;
  /** 完成情况 said 已销号. */
  closed: boolean;
  nameKey: string;
  /** Values read as a near miss (“拆除” → 限期拆除), to show the user. */
  reinterpreted: { label: string; from: string; to: string }[];
}

export interface RejectedCell {
  row: number;
  /** Excel address of the bad cell, e.g. "J7". */
  cell: string;
  /** What is wrong, in Chinese, with what may be written instead. */
  reason: string;
}

export interface DuplicateInFile {
  row: number;
  /** The earlier row with the same enterprise (same name key); that one is kept. */
  firstRow: number;
  name: string;
}

export interface Ledger1Import {
  /** From the `镇（办）：` line, when filled in. */
  town: string | null;
  /** From the `日期：` line, when filled in. */
  date: IsoDate | null;
  headerRow: number;
  rows: ImportedRow[];
  /** One entry per bad cell; a row with any bad cell is not in `rows`. */
  rejected: RejectedCell[];
  duplicatesInFile: DuplicateInFile[];
}

/**
 * The file is not a ledger 1 we can import (not an .xlsx, too large, no header row, another town's).
 * An InputError: the message is the user's answer, in Chinese, not an internal failure.
 */
export class LedgerFormatError extends InputError {}

type ColumnKey = ReportFieldKey | "seq" | "reportedOn" | "completion";

/** Header words (half-width, without spaces), most specific first. */
const HEADER_WORDS: [RegExp, ColumnKey][] = [
  [/^(序号|编号)/, "seq"],
  [/^(所在村组|所在村|村组|村\(组\))/, "village"],
  [/^(企业名称|单位名称|企业\(单位\)名称|名称)/, "name"],
  [/^(企业类型|类型)/, "type"],
  [/^(企业规模|规模)/, "scale"],
  [/^(原辅材料|原材料|原料)/, "materials"],
  [/^(涉水涉气|涉水气)/, "waterAir"],
  [/^(有无手续|手续)/, "permits"],
  [/^(整治要求|要求)/, "requirement"],
  [/^(上报时间|上报日期)/, "reportedOn"],
  [/^(整治期限|期限|完成时限)/, "deadline"],
  [/^(分包责任人|责任人)/, "responsible"],
  [/^(完成情况|进展情况)/, "completion"],
  [/^(备注)/, "remarks"],
];
const REQUIRED_HEADERS: ColumnKey[] = ["name", "requirement", "completion"];
const TEXT_FIELDS = ["name", "village", "type", "scale", "materials", "waterAir", "permits", "requirement"];

const squash = (s: string) => toHalfWidth(s).replace(/\s+/g, "");

function headerKey(text: string): ColumnKey | null {
  const t = squash(text);
  for (const [re, key] of HEADER_WORDS) if (re.test(t)) return key;
  return null;
}

function findHeader(ws: ExcelJS.Worksheet): { row: number; columns: Map<ColumnKey, number> } | null {
  const last = Math.min(ws.rowCount, 40);
  for (let r = 1; r <= last; r++) {
    const columns = new Map<ColumnKey, number>();
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
      const key = headerKey(cellText(cell.value));
      if (key && !columns.has(key)) columns.set(key, col);
    });
    if (REQUIRED_HEADERS.every((k) => columns.has(k)) && columns.size >= 6) return { row: r, columns };
  }
  return null;
}

/** `镇（办）：花园口镇 (盖章)` and `日期：2017年3月23日` above the header. */
function readHead(ws: ExcelJS.Worksheet, headerRow: number, campaignYear: number) {
  let town: string | null = null;
  let date: IsoDate | null = null;
  for (let r = 1; r < headerRow; r++) {
    ws.getRow(r).eachCell((cell) => {
      const t = squash(cellText(cell.value));
      const unit = /^(镇\(办\)|镇办|乡镇|镇|办事处)[:：](.*)$/.exec(t);
      if (unit && town === null) {
        const name = (unit[2] ?? "").replace(/\(盖章\)|盖章/g, "");
        if (name !== "") town = name;
      }
      const day = /^日期[:：](.+)$/.exec(t);
      const read = day && date === null ? cellDate(day[1] ?? "", campaignYear) : null;
      if (read?.ok) date = read.date;
    });
  }
  return { town, date };
}

/**
 * Reads an existing 附件1 排查台账 .xlsx: finds the header row by its words (wherever it is), skips blank
 * rows, repeated header rows and the notes, reads merged cells as their master, dates as Excel dates or
 * text, and validates each row with the same rules as a chat report. Pure given the buffer.
 * @example const { rows, rejected } = await importLedger1(buffer, { campaignYear: 2017 });
 */
export async function importLedger1(
  buffer: Buffer | ArrayBuffer,
  opts: { campaignYear: number; limits?: XlsxLimits },
): Promise<Ledger1Import> {
  const bytes = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer);
  // Recognised by its content (a zip holding xl/workbook.xml), and bounded before exceljs loads it.
  const inspected = await inspectXlsx(bytes, opts.limits ?? XLSX_LIMITS);
  if (inspected.kind === "not-xlsx") {
    throw new LedgerFormatError(
      "该文件不是 Excel 2007 及以上格式（.xlsx）的表格，无法读取。目前只能导入排查台账（.xlsx）；照片请直接发送图片。",
    );
  }
  if (inspected.kind === "too-large") {
    throw new LedgerFormatError(
      `该文件过大（${inspected.reason}），未导入。请按镇（办）分开，每个文件不超过2万行。`,
    );
  }
  // exceljs loads with the first ledger, not at start (~0.25 s of CPU).
  const { default: excel } = await import("exceljs");
  const wb = new excel.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new LedgerFormatError("无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的排查台账");
  }
  let found: { ws: ExcelJS.Worksheet; header: NonNullable<ReturnType<typeof findHeader>> } | null = null;
  for (const ws of wb.worksheets) {
    const header = findHeader(ws);
    if (header) {
      found = { ws, header };
      break;
    }
  }
  if (!found) {
    throw new LedgerFormatError(
      "找不到台账表头：表头应含“企业名称”“整治要求”“完成情况 (完成日期)”等列（附件1格式）",
    );
  }
  const { ws, header } = found;
  const { town, date } = readHead(ws, header.row, opts.campaignYear);
  const result: Ledger1Import = {
    town,
    date,
    headerRow: header.row,
    rows: [],
    rejected: [],
    duplicatesInFile: [],
  };
  const seen = new Map<string, number>();

  for (let r = header.row + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const at = (key: ColumnKey) => {
      const col = header.columns.get(key);
      return col === undefined ? undefined : row.getCell(col);
    };
    const text = (key: ColumnKey) => cellText(at(key)?.value);
    const addr = (key: ColumnKey) => `${colLetter(header.columns.get(key) ?? 1)}${r}`;

    const contentKeys = [...header.columns.keys()].filter((k) => k !== "seq");
    if (contentKeys.every((k) => text(k) === "")) continue;
    const first = squash(cellText(row.getCell(1).value));
    if (/^注[:：]?/.test(first) && first.length > 3) continue;
    if (headerKey(text("name")) === "name" && headerKey(text("requirement")) === "requirement") continue;

    const problems: RejectedCell[] = [];
    const reject = (key: ColumnKey, reason: string) => problems.push({ row: r, cell: addr(key), reason });
    const raw: RawReportFields = {};
    for (const key of TEXT_FIELDS) raw[key as ReportFieldKey] = text(key as ColumnKey);
    raw.responsible = text("responsible");
    if (header.columns.has("remarks")) raw.remarks = text("remarks");
    const deadline = cellDate(at("deadline")?.value, opts.campaignYear);
    raw.deadline = deadline.ok ? (deadline.date ?? "") : deadline.text;

    const validation = validateReport(raw, opts.campaignYear);
    if (!validation.ok) {
      for (const e of validation.errors) {
        const key: ColumnKey = header.columns.has(e.field) ? e.field : "name";
        reject(key, `${e.label}${e.message.startsWith("“") ? "" : "："}${e.message}`);
      }
    }
    const reported = cellDate(at("reportedOn")?.value, opts.campaignYear);
    if (!reported.ok)
      reject("reportedOn", `上报时间${quoteValue(reported.text)}不是有效日期，如 2017年3月1日`);

    const completion = parseCompletion(text("completion"), opts.campaignYear);
    if (!completion.ok) reject("completion", completion.reason);
    if (completion.ok && validation.ok) {
      const { state, finishedOn, closed } = completion.value;
      const requirement = validation.report.requirement;
      if (state !== "待整治" && !statesFor(requirement).includes(state)) {
        reject(
          "completion",
          `完成情况“${state}”与整治要求“${requirement}”不符，可填：${statesFor(requirement).join("/")}`,
        );
      } else if (isFinished(requirement, state) && !finishedOn) {
        reject("completion", `“${state}”已完成的应注明完成日期，如 ${state}（2017年3月20日）`);
      } else if (closed && !isFinished(requirement, state)) {
        reject("completion", `已销号的企业应已完成整治（${statesFor(requirement)[1]}并注明完成日期）`);
      }
    }
    if (problems.length > 0 || !validation.ok || !completion.ok) {
      result.rejected.push(...problems);
      continue;
    }

    const nameKey = enterpriseNameKey(validation.report.name);
    const firstRow = seen.get(nameKey);
    if (firstRow !== undefined) {
      result.duplicatesInFile.push({ row: r, firstRow, name: validation.report.name });
      continue;
    }
    seen.set(nameKey, r);
    const seq = Number(text("seq"));
    const { state, closed } = completion.value;
    result.rows.push({
      row: r,
      seq: text("seq") !== "" && Number.isInteger(seq) ? seq : null,
      report: validation.report,
      reportedOn: reported.ok ? reported.date : null,
      state,
      finishedOn: isFinished(validation.report.requirement, state) ? completion.value.finishedOn : null,
      closed,
      nameKey,
      reinterpreted: validation.reinterpreted,
    });
  }
  return result;
}

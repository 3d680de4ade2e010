import type ExcelJS from "exceljs";
import { type IsoDate, isoDate, parseDate } from "../../domain/dates.js";

/**
 * Reading cells the way towns fill them in: text, numbers, rich text, formulas, hyperlinks, and dates
 * either as Excel dates or as text (2017.3.31, 2017年3月31日, 3月31日). Merged cells read as their master.
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (value instanceof Date) return excelDateToIso(value) ?? "";
  if (typeof value === "object") {
    if ("richText" in value)
      return value.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("formula" in value || "sharedFormula" in value) return "";
    if ("text" in value) return cellText(value.text as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value).trim();
}

/** exceljs reads Excel dates as UTC midnights: the calendar date is the UTC one. */
function excelDateToIso(d: Date): IsoDate | null {
  if (Number.isNaN(d.getTime())) return null;
  // A date with a time of day close to midnight (floating point in the serial) rounds to the nearest day.
  const t = new Date(Math.round(d.getTime() / 86_400_000) * 86_400_000);
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Excel's day count since 1899-12-30 (serials of 1930–2119 only, so 序号-like numbers are not dates). */
function serialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 10_959 || serial > 80_000) return null;
  return excelDateToIso(new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000));
}

export type DateRead = { ok: true; date: IsoDate | null } | { ok: false; text: string };

/** A date cell: empty → null; an Excel date, a serial number, 20170331 or a date in text → the date. */
export function cellDate(value: ExcelJS.CellValue | undefined, campaignYear: number): DateRead {
  if (value === null || value === undefined) return { ok: true, date: null };
  if (value instanceof Date) {
    const d = excelDateToIso(value);
    return d ? { ok: true, date: d } : { ok: false, text: String(value) };
  }
  if (typeof value === "object" && "result" in value)
    return cellDate(value.result as ExcelJS.CellValue, campaignYear);
  if (typeof value === "number") {
    const d = serialToIso(value) ?? parseDate(String(value), campaignYear);
    return d ? { ok: true, date: d } : { ok: false, text: String(value) };
  }
  const text = cellText(value);
  if (text === "") return { ok: true, date: null };
  const d = parseDate(text.replace(/[日号]$/, "日"), campaignYear);
  return d ? { ok: true, date: d } : { ok: false, text };
}

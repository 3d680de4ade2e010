import { dateText } from "./date-text.js";

/** Calendar dates as 'YYYY-MM-DD' strings: the ledgers and the campaign speak in days, not instants. */
export type IsoDate = string;

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isoDate(y: number, m: number, d: number): IsoDate {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * Reads the ways people write a date in chat: 2017-03-31, 2017/3/31, 2017.3.31, 2017年3月31日,
 * 3月31日, 3.31, 3/31, 3-31, in full-width digits (３月３１日) or Chinese numerals (三月三十一日) too.
 * Without a year, the campaign year is meant. Returns null when it is not a real calendar date.
 */
export function parseDate(text: string, campaignYear: number): IsoDate | null {
  const t = dateText(text).trim().replace(/\s+/g, "");
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDate(y, mo, d) ? isoDate(y, mo, d) : null;
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDate(y, mo, d) ? isoDate(y, mo, d) : null;
  }
  m = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(t);
  if (m) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    return isRealDate(campaignYear, mo, d) ? isoDate(campaignYear, mo, d) : null;
  }
  return null;
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/**
 * Every date a user reads is written one way, the ledgers' way: 2017年3月31日 (chineseDate), or
 * 3月31日 (monthDay) where the year goes without saying (lists, bulletins). ISO dates are for files
 * and input hints only.
 */
export function monthDay(date: IsoDate): string {
  const [, m, d] = date.split("-").map(Number);
  return `${m}月${d}日`;
}

/** A stored value as a user reads it: an ISO date in the one date style, anything else as it is. */
export function valueText(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? chineseDate(value) : value;
}

/** 2017-03-31 → 2017年3月31日, the way the ledgers write a date. */
export function chineseDate(date: IsoDate): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

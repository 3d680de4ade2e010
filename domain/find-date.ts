import { type IsoDate, parseDate } from "./dates.js";

const DATE_LIKE = /(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}[日号]?|\d{1,2}[-/.月]\d{1,2}[日号]?)/;

/**
 * Finds a date written anywhere in a short message (进展 GY-0007 拆除到位 3月20日).
 * `invalid` is set when something date-like is there but is no real date (3月32日).
 */
export function findDate(
  text: string,
  campaignYear: number,
): { date: IsoDate | null; invalid: string | null; rest: string } {
  const m = DATE_LIKE.exec(text);
  if (!m) return { date: null, invalid: null, rest: text.trim() };
  const rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
  const date = parseDate(m[0], campaignYear);
  return date ? { date, invalid: null, rest } : { date: null, invalid: m[0], rest };
}

import { type IsoDate, parseDate } from "./dates.js";
import { quoteValue } from "./text-limits.js";

// Digits as typed: half- or full-width; Chinese numerals only with 年/月/日 (十一月二十八日).
const D = "[0-9０-９]";
const CN = "[〇零一二两三四五六七八九十]";
const SEP = "[-/.－／．]";
const DATE_LIKE = new RegExp(
  [
    `${D}{4}\\s*(?:${SEP}|年)\\s*${D}{1,2}\\s*(?:${SEP}|月)\\s*${D}{1,2}[日号]?`,
    `${CN}{4}年${CN}{1,3}月${CN}{1,3}[日号]?`,
    `${D}{1,2}\\s*(?:${SEP}|月)\\s*${D}{1,2}[日号]?`,
    `${CN}{1,3}月${CN}{1,3}[日号]?`,
  ].join("|"),
);

/** What is plainly meant as a date but names no day (11月, 28日, 2017年) or names it relatively (昨天). */
const VAGUE = new RegExp(
  `(?:${D}{4}\\s*年|${D}{1,2}\\s*月|${CN}{1,3}月|${D}{1,2}\\s*日|${CN}{1,3}日|昨天|前天|昨日|前日|上周|上个?月|月底|月初)`,
);

/**
 * Finds a date written anywhere in a short message (进展 GY-0007 拆除到位 3月20日, ３月２０日, 三月二十日).
 * `invalid` is set when something date-like is there but is no real date (3月32日). `vague` is set when
 * no date was found but the text plainly speaks of one that cannot be read (11月, 28日, 昨天): a
 * completion date is then refused rather than replaced by today.
 */
export function findDate(
  text: string,
  campaignYear: number,
): { date: IsoDate | null; invalid: string | null; vague: string | null; rest: string } {
  const m = DATE_LIKE.exec(text);
  if (!m) return { date: null, invalid: null, vague: VAGUE.exec(text)?.[0] ?? null, rest: text.trim() };
  const rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
  const date = parseDate(m[0], campaignYear);
  return date ? { date, invalid: null, vague: null, rest } : { date: null, invalid: m[0], vague: null, rest };
}

/** The answer to a completion date that cannot be read. */
export function unreadableDate(vague: string): string {
  return `完成日期${quoteValue(vague)}无法识别，请写明月和日，如 3月20日 或 2017-03-20（不写日期则记为今天）。`;
}

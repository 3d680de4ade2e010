import { addDays, type IsoDate, isoDate } from "../dates.js";
import { NUMBER, readNumber } from "./numbers.js";

/** A time word that means "up to now" (截止今天): no period, the state as it is. */
export const NOW = "";

/** A span of the text read as a period, or as a time word that names no period the answers know. */
export interface PeriodHit {
  start: number;
  end: number;
  /** The canonical period (本周, 近7天, 2月, 2月20日以来), or null for a vague one (最近, 前天, 3月底). */
  value: string | null;
}

const WORDS: [string, string | null][] = [
  // Up to now: no period, the state as it is today.
  ["截止今天", NOW],
  ["截至今天", NOW],
  ["截止到今天", NOW],
  ["截至到今天", NOW],
  ["到今天为止", NOW],
  ["到今天", NOW],
  ["至今天", NOW],
  // A part of today is today (今儿清早, 今天后晌 — Henan for the afternoon).
  ...["上午", "下午", "早上", "清早", "一早", "后晌", "晌午", "中午", "晚上"].map(
    (part) => [`今天${part}`, "今天"] as [string, string],
  ),
  ["今早", "今天"],
  ["今天", "今天"],
  ["这一星期", "本周"],
  ["这一个星期", "本周"],
  ["这一礼拜", "本周"],
  ["今日", "今天"],
  ["当天", "今天"],
  ["昨天", "昨天"],
  ["昨日", "昨天"],
  ["这一周", "本周"],
  ["这个星期", "本周"],
  ["这星期", "本周"],
  ["这个礼拜", "本周"],
  ["这礼拜", "本周"],
  ["本礼拜", "本周"],
  ["本星期", "本周"],
  ["这个周", "本周"],
  ["这周", "本周"],
  ["本周", "本周"],
  ["上一周", "上周"],
  ["上个星期", "上周"],
  ["上星期", "上周"],
  ["上个礼拜", "上周"],
  ["上礼拜", "上周"],
  ["上个周", "上周"],
  ["上周", "上周"],
  ["这个月", "本月"],
  ["这一个月", "本月"],
  ["本月份", "本月"],
  ["这月", "本月"],
  ["当月", "本月"],
  ["本月", "本月"],
  ["上一个月", "上月"],
  ["上个月", "上月"],
  ["上月份", "上月"],
  ["上月", "上月"],
  ["今年以来", "今年"],
  ["年初以来", "今年"],
  ["年初到现在", "今年"],
  ["年初至今", "今年"],
  ["本年度", "今年"],
  ["今年", "今年"],
  ["本年", "今年"],
  // Time words that name no period an answer can count over: read as not understood, never guessed.
  ["上上周", null],
  ["上上个月", null],
  ["大前天", null],
  ["前天", null],
  ["这两天", null],
  ["这几天", null],
  ["前几天", null],
  ["前段时间", null],
  ["这段时间", null],
  ["近期", null],
  ["最近", null],
  ["近来", null],
  ["去年", null],
  ["明天", null],
  ["后天", null],
  ["下周", null],
  ["下个月", null],
  ["下月", null],
  ["月底", null],
  ["月初", null],
  ["月中", null],
  ["月末", null],
  ["上旬", null],
  ["中旬", null],
  ["下旬", null],
  ["年底", null],
  ["年初", null],
  ["春节", null],
  ["节后", null],
  ["节前", null],
];

/** The time words as written (本周, 上个月, 去年): what a pinyin-input slip of a time word may mean. */
export const PERIOD_WORDS: readonly string[] = WORDS.map(([w]) => w);

const N = `(${NUMBER})`;
/** 近7天, 最近三天, 七天内, 过去两周, 近一个月; 2月20日以来, 2.20以后, 从二月二十号起; 2月份, 二月. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string | null][] = [
  // 这两天, 这几天 mean "lately": no period (see WORDS).
  [/这两天|这俩天/g, () => null],
  [new RegExp(`(?:最近|近|过去|这)${N}个?(?:天|日)(?:之内|以内|以来|内|来|里)?`, "g"), (m) => days(m[1], 1)],
  // 7天内, 十天以来 — but 2月15日以来 is a date (below), not 15 days.
  [new RegExp(`(?<![月./\\-]|\\d)${N}天(?:之内|以内|以来|内|来)`, "g"), (m) => days(m[1], 1)],
  [
    new RegExp(`(?:最近|近|过去|这)${N}个?(?:周|星期|礼拜)(?:之内|以内|以来|内|来|里)?`, "g"),
    (m) => days(m[1], 7),
  ],
  [new RegExp(`${N}个?(?:周|星期|礼拜)(?:之内|以内|以来|内)`, "g"), (m) => days(m[1], 7)],
  [new RegExp(`(?:最近|近|过去)${N}个?月(?:之内|以内|以来|内|来|里)?`, "g"), (m) => days(m[1], 30)],
  [
    new RegExp(
      `(?:从|自)?${N}(?:月|\\.|/|-)${N}(?:日|号)?(?:以来|以后|之后|后|起|开始|到现在|至今|到今天|到目前|为止)+`,
      "g",
    ),
    (m) => since(m[1], m[2]),
  ],
  [new RegExp(`(?:从|自)${N}(?:月|\\.|/|-)${N}(?:日|号)?`, "g"), (m) => since(m[1], m[2])],
  // A single day (3月5日, 3.5) is no period the answers know: not understood.
  [new RegExp(`${N}(?:月|\\.|/)${N}(?:日|号)`, "g"), () => null],
  [/\d{1,2}\.\d{1,2}/g, () => null],
  [
    new RegExp(
      `(?:\\d{4}年|今年|本年)?${N}月(?:份)?(底|初|中|末|上旬|中旬|下旬)?(?!\\d|[〇零一二两三四五六七八九十])`,
      "g",
    ),
    (m) => (m[2] ? null : month(m[1])),
  ],
];

function days(n: string | undefined, unit: number): string | null {
  const v = n ? readNumber(n) : null;
  return v && v > 0 && v * unit <= 366 ? `近${v * unit}天` : null;
}

function month(n: string | undefined): string | null {
  const v = n ? readNumber(n) : null;
  return v && v >= 1 && v <= 12 ? `${v}月` : null;
}

function since(mo: string | undefined, d: string | undefined): string | null {
  const m = mo ? readNumber(mo) : null;
  const day = d ? readNumber(d) : null;
  return m && day && m <= 12 && day >= 1 && day <= 31 ? `${m}月${day}日以来` : null;
}

/** Every period (or vague time word) in a normalized text, earliest first, spans not overlapping. */
export function findPeriods(text: string): PeriodHit[] {
  const hits: PeriodHit[] = [];
  const taken = (s: number, e: number) => hits.some((h) => s < h.end && e > h.start);
  for (const [re, value] of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!taken(start, end)) hits.push({ start, end, value: value(m as RegExpExecArray) });
    }
  }
  const words = [...WORDS].sort((a, b) => b[0].length - a[0].length);
  for (const [word, value] of words) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      // 看一下周报: the 下 of 一下, not 下周.
      if (word.startsWith("下") && text[at - 1] === "一") continue;
      if (!taken(at, at + word.length)) hits.push({ start: at, end: at + word.length, value });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** The days a canonical period covers, as of `today` (both ends included); null for an unknown value. */
export function periodDays(period: string, today: IsoDate): { from: IsoDate; to: IsoDate } | null {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const monthEnd = (year: number, mo: number) =>
    addDays(isoDate(mo === 12 ? year + 1 : year, mo === 12 ? 1 : mo + 1, 1), -1);
  switch (period) {
    case "今天":
      return { from: today, to: today };
    case "昨天":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "本周":
      return { from: addDays(today, -weekday), to: today };
    case "上周":
      return { from: addDays(today, -weekday - 7), to: addDays(today, -weekday - 1) };
    case "本月":
      return { from: isoDate(y, m, 1), to: today };
    case "上月": {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: isoDate(py, pm, 1), to: monthEnd(py, pm) };
    }
    case "今年":
      return { from: isoDate(y, 1, 1), to: today };
  }
  let g = /^近(\d+)天$/.exec(period);
  if (g) return { from: addDays(today, -(Number(g[1]) - 1)), to: today };
  g = /^(\d+)月$/.exec(period);
  if (g) {
    const mo = Number(g[1]);
    const year = mo <= m ? y : y - 1;
    const end = monthEnd(year, mo);
    return { from: isoDate(year, mo, 1), to: end < today ? end : today };
  }
  g = /^(\d+)月(\d+)日以来$/.exec(period);
  if (g) {
    const [mo, d] = [Number(g[1]), Number(g[2])];
    const thisYear = isoDate(y, mo, d);
    return { from: thisYear <= today ? thisYear : isoDate(y - 1, mo, d), to: today };
  }
  return null;
}

import type { Completion } from "../../domain/completion.js";
import { type IsoDate, parseDate } from "../../domain/dates.js";
import { PROGRESS_STATES, type ProgressState } from "../../domain/enums.js";
import { quoteValue } from "../../domain/text-limits.js";
import { toHalfWidth } from "../../domain/text-normalize.js";

// 完成情况 is written by one function for every ledger, reply and page (domain/completion.ts).
export { CLOSED_WORD, type Completion, formatCompletion } from "../../domain/completion.js";

/** Words towns write for a state that is not the seed's exact label. */
const STATE_SYNONYMS: [RegExp, ProgressState][] = [
  [/已拆除|拆除完毕|拆除完成|已取缔|取缔到位/, "拆除到位"],
  [/整改完成|已整改|整改完毕|整治到位|整治完成/, "整改到位"],
  [/手续已办|已办结|手续齐全|办结/, "手续办结"],
  [/拆除中/, "正在拆除"],
  [/整改中|整治中|正在整改/, "正在整治"],
  [/办理中|正在办理|补办中/, "补办手续"],
  [/未整治|未开始|待整改/, "待整治"],
];

// Longest labels first, so 补办手续 inside a longer text does not hide 手续办结 and the like.
const LABELS = [...PROGRESS_STATES].sort((a, b) => b.length - a.length);

export type CompletionParse = { ok: true; value: Completion } | { ok: false; reason: string };

/**
 * Reads a 完成情况 cell: a state word, maybe a date in brackets or after it (2017年3月20日, 2017.3.20,
 * 3月20日), maybe 已销号. An empty cell is 待整治.
 */
export function parseCompletion(text: string, campaignYear: number): CompletionParse {
  const t = toHalfWidth(text).replace(/\s+/g, "");
  if (t === "") return { ok: true, value: { state: "待整治", finishedOn: null, closed: false } };
  const closed = t.includes("销号");
  let state: ProgressState | null = null;
  for (const label of LABELS) {
    if (t.includes(label)) {
      state = label;
      break;
    }
  }
  if (!state) for (const [re, s] of STATE_SYNONYMS) if (re.test(t)) state = state ?? s;
  if (!state)
    return {
      ok: false,
      reason: `${quoteValue(text.trim())}中没有可识别的完成情况，可填：${PROGRESS_STATES.join("/")}`,
    };

  const dateText =
    /\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}[日号]?/.exec(t)?.[0] ?? /\d{1,2}月\d{1,2}[日号]?/.exec(t)?.[0] ?? null;
  let finishedOn: IsoDate | null = null;
  if (dateText) {
    finishedOn = parseDate(dateText, campaignYear);
    if (!finishedOn) return { ok: false, reason: `完成日期${quoteValue(dateText)}不是有效日期` };
  }
  return { ok: true, value: { state, finishedOn, closed } };
}

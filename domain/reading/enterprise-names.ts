import { KIND_ENDINGS, KINDS, NAME_ENDINGS, NAME_STARTS_AFTER } from "./enterprise-words.js";
import type { Token } from "./question-tokens.js";
import { QUESTION_WORDS } from "./question-words.js";
import { tradeOf } from "./trade-words.js";

/** The part of a name left when the kinds of business are taken off its end (东风砖 → 东风, 塑料 → ""). */
function properPart(prefix: string): string {
  let rest = prefix;
  for (let again = true; again && rest; ) {
    again = false;
    const kind = KINDS.find((k) => rest.endsWith(k));
    if (kind) {
      rest = rest.slice(0, -kind.length);
      again = true;
    }
  }
  return rest;
}

/** 全区, 我们镇: a name does not run on over them (全区化工企业 is no enterprise called 全区化工). */
const SCOPE_WORDS = QUESTION_WORDS.filter(([, m]) => m.kind === "scope" || m.kind === "own").map(([w]) => w);

/** Words that point at one place already known (那个塑料厂): not a kind, and not a name either. */
const POINTING = ["那个", "这个", "那家", "这家", "该"];

/** Which / how many: asking words that make 哪些厂, 几个厂子, 多少家塑料厂 a kind of place, not a name. */
const ASKING_WORDS = [
  "有没有",
  // 现在有干洗店吗: whether there are any of a kind.
  "有",
  "是否",
  "有无",
  "哪几家",
  "哪几个",
  "多少家",
  "多少个",
  "几处",
  "多少处",
  "几户",
  "多少户",
  "哪些",
  "哪家",
  "哪个",
  "几个",
  "几家",
  "多少",
  "什么",
  "啥",
];

/**
 * 厂 alone (逾期的厂有哪些) or an asking word before it (哪些厂, 拆了几家厂, 哪些塑料厂) is the generic noun,
 * read by the lexicon, never an enterprise's name; so is a kind after an asking word (有几家洗车的). A
 * kind ending alone (宏达化工) is a name's. Returns where the generic phrase starts in the prefix, or -1.
 */
function genericNounAt(prefix: string, ending: string): number {
  if (prefix === "") return NAME_ENDINGS.includes(ending) ? 0 : -1;
  const asked = ASKING_WORDS.map((w) => ({ w, at: prefix.lastIndexOf(w) }))
    .filter((x) => x.at >= 0)
    .sort((x, y) => y.at + y.w.length - (x.at + x.w.length))[0];
  if (!asked) return -1;
  // 几家厂: 家 is the count's; 有没有家具厂: 家 is the kind's.
  const rest = prefix.slice(asked.at + asked.w.length);
  return properPart(rest) === "" || properPart(rest.replace(/^[家个]/, "")) === "" ? asked.at : -1;
}

/**
 * Marks spans ending in 厂/公司/作坊 … (or a kind: 宏达化工) as an enterprise named in the question. A
 * kind alone (那个塑料厂) names no enterprise: it is marked unclear, unless a town is written right
 * before it (古荥砖厂, 新城汽修厂), which makes a name.
 */
export function findEnterpriseNames(s: string, tokens: Token[], breaks: readonly number[] = []): void {
  const taken = (i: number) => tokens.some((t) => t.start <= i && i < t.end);
  const townAt = (i: number) => tokens.find((t) => t.start <= i && i < t.end && t.meaning.kind === "town");
  const endings = [...NAME_ENDINGS, ...KIND_ENDINGS].sort((a, b) => b.length - a.length);
  for (let end = s.length; end > 0; end--) {
    const ending = endings.find((e) => s.slice(0, end).endsWith(e));
    if (!ending || taken(end - 1)) continue;
    let start = end - ending.length;
    while (start > 0 && !taken(start - 1)) {
      const before = s.slice(0, start);
      if (NAME_STARTS_AFTER.some((w) => before.endsWith(w)) || SCOPE_WORDS.some((w) => before.endsWith(w)))
        break;
      start -= 1;
    }
    const prefix = s.slice(start, end - ending.length);
    const generic = genericNounAt(prefix, ending);
    if (generic >= 0) {
      // Nothing from the asking word on is a name (哪些塑料厂: not 塑料 either); read on to its left.
      end = start + generic + 1;
      continue;
    }
    const proper = properPart(prefix);
    const town = start > 0 ? townAt(start - 1) : undefined;
    const isKindEnding = !NAME_ENDINGS.includes(ending);
    if (proper.length < 2) {
      // 塑料厂, 汽修厂: the kind itself (哪些塑料厂逾期), unless one is pointed at (那个塑料厂: which?).
      const phrase = prefix + (isKindEnding ? ending : "");
      // 石灰窑: the kind may be said with its ending (石灰 alone is no kind).
      const trade = properPart(phrase) === "" ? (tradeOf(phrase) ?? tradeOf(phrase + ending)) : undefined;
      // 那个 pauses as well as points: 嗯 那个 石灰窑 (a break between) points at nothing.
      // A question of how many or which (那个洗车的都有哪些) points at no one place either.
      const pointed =
        POINTING.some((w) => s.slice(0, start).endsWith(w)) &&
        !breaks.includes(start) &&
        !/哪些|哪几|几家|几个|多少|有没有/.test(s);
      if (town && !isKindEnding && town.meaning.kind === "town") {
        tokens.splice(tokens.indexOf(town), 1);
        const value = s.slice(town.start, end);
        tokens.push({
          start: town.start,
          end,
          meaning: trade
            ? { kind: "enterprise", value, townTrade: { town: town.meaning.value, trade } }
            : { kind: "enterprise", value },
        });
        end = town.start + 1;
      } else if (trade && !pointed) {
        tokens.push({ start, end, meaning: { kind: "trade", value: trade } });
        end = start + 1;
      } else if (isKindEnding && !pointed && tradeOf(ending)) {
        // 有轧钢的: a word before the kind is no name of one character; the kind is read alone.
        tokens.push({
          start: end - ending.length,
          end,
          meaning: { kind: "trade", value: tradeOf(ending) ?? "" },
        });
        end = end - ending.length + 1;
      } else if (pointed || proper.length > 0) {
        tokens.push({ start, end, meaning: { kind: "unclear" } });
        end = start + 1;
      }
      // Else a workshop of no kind (小作坊, 小厂): the generic noun, which the lexicon reads.
      continue;
    }
    tokens.push({ start, end, meaning: { kind: "enterprise", value: s.slice(start, end) } });
    end = start + 1;
  }
}

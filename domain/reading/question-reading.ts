import { formatCaseNo } from "../case-number.js";
import { escapeRegExp } from "../escape-reg-exp.js";
import { findEnterpriseNames } from "./enterprise-names.js";
import { normalizeForReading } from "./normalize.js";
import { findPeriods, NOW, PERIOD_WORDS } from "./period.js";
import { asksIn, clausesOf, forgiveAsides, runOnBreaks } from "./question-asides.js";
import type { Meaning, Token } from "./question-tokens.js";
import { QUESTION_WORDS } from "./question-words.js";
import { soundAlikesWritten } from "./sound-alike.js";
import { townWords } from "./town-words.js";
import { TRADE_WORDS } from "./trade-words.js";

/**
 * What a question asks, in the campaign's own terms: the contract between the grammar, the answers and
 * the corpora (docs/plain-words.md). Omitted keys are not part of the question.
 */
export interface QuestionReading {
  /** 全区 or a town's full name; absent: the asker's own default. */
  scope?: string;
  /** An enterprise asked about by name (or case number), as the question writes it. */
  enterprise?: string;
  /** 今天 昨天 本周 上周 本月 上月 今年 近N天 M月 M月D日以来 */
  period?: string;
  /** 新增 拆除到位 整改到位 手续办结 完成 销号 反弹 逾期 未完成 待整治 正在拆除 正在整治 */
  subject?: string;
  type?: "小散乱污" | "八小";
  /**
   * A kind of business (哪些塑料厂, 几家汽修厂): one of the seed's key industries, as the free-text
   * report reader names them (塑料加工, 小汽修, 砖瓦窑 …); matched on the name and 原辅材料 on file.
   */
  kind?: string;
  requirement?: "限期拆除" | "整改完善" | "补办手续";
  /** 我, or a person's name. */
  person?: string;
  measure: "数量" | "名单" | "情况" | "进度";
}

/** What the grammar knows besides its own words: the towns (from the towns table) and the people. */
export interface ReadingVocabulary {
  towns: readonly string[];
  people?: readonly string[];
  /** The asker is an inspector: 我这边 and 我 acting (我这周拆了几家) mean their own cases. */
  askerHasOwnCases?: boolean;
  /** The towns' codes, as case numbers begin (GY 古荥镇): typed alone, a town (gy这周拆了几家). */
  townCodes?: readonly (readonly [code: string, town: string])[];
}

/** Those who ask for figures (区里问…, 镇长要…): before an asking word, not the question's place. */
const REQUESTERS = [
  "区里",
  "区里头",
  "市里",
  "局里",
  "镇长",
  "区长",
  "书记",
  "领导",
  "环保局",
  "区督查",
  "督导组",
  "督查组",
];

const PERSON_MARKS = [
  "负责的",
  "负责",
  "分包的",
  "分包",
  "那边",
  "手上",
  "手里",
  "包的",
  "名下",
  "督办的",
  "负责督办的",
  "负责督查的",
  "负责片区",
  "所负责",
  "所负责的",
  "包片的",
  "包片",
  "负责的片区",
  "片区",
];
const CHANGE_OR_STATE_ORDER = [
  "scope",
  "period",
  "subject",
  "type",
  "kind",
  "requirement",
  "person",
  "measure",
] as const;

/** The reading in one line, as every answer starts: `我理解为：古荥镇 · 本周 · 拆除到位 · 数量`. */
export function readingLine(r: QuestionReading): string {
  const parts = CHANGE_OR_STATE_ORDER.map((k) => (k === "scope" ? (r.enterprise ?? r.scope) : r[k]));
  return `我理解为：${parts.filter(Boolean).join(" · ")}`;
}

/** The parts of a question the grammar recognised, whether or not they make a reading (for hints). */
export interface QuestionParts {
  tokens: Meaning[];
  /** Characters no word of the grammar explains. */
  unknown: string;
  /** The question as read: normalized, without spaces, sound-alike slips written as meant. */
  text: string;
}

/**
 * Reads a question in plain words (古荥这周拆了几家？) into its reading, or null when it is not about
 * the campaign's data or cannot be read without guessing. Pure: the towns and people come in.
 *
 * @example
 *   readQuestion("古荥这周拆了几家？", { towns: ["古荥镇"] })
 *   // → { scope: "古荥镇", period: "本周", subject: "拆除到位", measure: "数量" }
 */
export function readQuestion(text: string, vocab: ReadingVocabulary): QuestionReading | null {
  const parts = questionParts(text, vocab);
  return parts ? readingOf(parts) : null;
}

/**
 * Splits a question into the grammar's words; null when it is too long to be a question. Where a
 * character is left unexplained, the question is read once more with the stretches that sound like a
 * word of the grammar written as that word (古星 → 古荥, 明单 → 名单: pinyin-input slips).
 */
export function questionParts(text: string, vocab: ReadingVocabulary): QuestionParts | null {
  // A numbered ask (一、…, 2. …): the number is the list's, not the question's.
  // 给区里报周报用：…, 镇长问的：…, 孙主任让我问下，…: what the figure is for and who wants it, said first.
  text = text
    .replace(
      /^[^，,。：:；;？?！!]{1,24}?(?:要用|用|要数|问的|托我问的?|让我问的?|叫我问的?)\s*[：:，,]\s*/,
      "",
    )
    .replace(
      /[\p{Script=Han}]{1,3}(?:主任|书记|局长|镇长|区长|科长|所长)(?:让我|叫我|托我)(?:问一下|问下|问问|问)/gu,
      "",
    );
  // @张三 你负责的…: asked of the colleague addressed.
  const grammar = grammarOf(vocab);
  if (grammar.addressed) text = text.replace(grammar.addressed, "$1");
  let spaced = normalizeForReading(
    text.replace(/^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)）](?!\s*\d)\s*/, ""),
  );
  if (spaced.replace(/ /g, "").length === 0 || spaced.length > 100) return null;
  spaced = withoutRepeats(spaced);
  let read = readOnce(spaced, vocab);
  // 我们镇镇, 有有哪些: a character typed twice that the grammar cannot explain is typed once.
  const once = withoutDoubles(spaced, read.first.unexplained);
  if (once !== spaced) read = readOnce(once, vocab);
  const { s, breaks, first } = read;
  if (s.length > 80) return null;
  const meant = /[\p{Script=Han}]/u.test(first.parts.unknown)
    ? soundAlikesWritten(s, first.unexplained, grammar.soundLike, first.particles, grammar.townSounds)
    : s;
  return partsOf(meant, vocab, breaks, true).parts;
}

/**
 * A clause that repeats what the one before it said (拆了几家；拆了几家, 逾期的、逾期的, 有几家逾期的；几家) is
 * said once: typed again for emphasis, it is not a second question.
 */
function withoutRepeats(spaced: string): string {
  const kept: string[] = [];
  for (const clause of spaced.split(" ")) {
    const before = kept.at(-1);
    if (before && clause.length >= 2 && before.includes(clause)) continue;
    // 八…八小, 小散…小散乱污: a word begun and said again whole.
    if (before && clause.startsWith(before) && clause.length > before.length) kept.pop();
    kept.push(clause);
  }
  return kept.join(" ");
}

/** The question as written, read once without passing over asides (their words may be slips). */
function readOnce(spaced: string, vocab: ReadingVocabulary) {
  const s = spaced.replace(/ /g, "");
  const breaks = clauseBreaks(spaced);
  const first = partsOf(s, vocab, breaks, false);
  return { s, breaks, first };
}

/** The spaced text without each unexplained Han character that repeats the one before it. */
function withoutDoubles(spaced: string, unexplained: ReadonlySet<number>): string {
  let at = -1;
  let prev = "";
  let out = "";
  for (const ch of spaced) {
    if (ch === " ") {
      out += ch;
      prev = "";
      continue;
    }
    at += 1;
    if (!(ch === prev && unexplained.has(at) && /\p{Script=Han}/u.test(ch))) out += ch;
    prev = ch;
  }
  return out;
}

/** Where the clauses of a question begin, in the text without spaces (a space stood for punctuation). */
function clauseBreaks(spaced: string): number[] {
  const breaks: number[] = [];
  let at = 0;
  for (const ch of spaced) {
    if (ch === " ") breaks.push(at);
    else at += 1;
  }
  return breaks;
}

/** What a vocabulary's reading needs, built once per set of towns and people (a question reads in ~0.2 ms). */
interface Grammar {
  towns: [string, string][];
  /** The lexicon by first character, longest words first. */
  byFirst: Map<string, [string, Meaning][]>;
  /** Every word a slip may sound like: the grammar's, the towns', the periods', the kinds', the people's. */
  soundLike: string[];
  /** The towns' words: a slip is read as one only when it sounds exactly alike. */
  townSounds: Set<string>;
  /** @张三 你…: a colleague addressed, by the registered names (null: no one registered). */
  addressed: RegExp | null;
  /** Each town's code typed alone (gy), as a pattern. */
  codes: [RegExp, string][];
}
const grammars = new Map<string, Grammar>();

function grammarOf(vocab: ReadingVocabulary): Grammar {
  const codes = vocab.townCodes ?? [];
  const key = `${vocab.towns.join("|")}#${(vocab.people ?? []).join("|")}#${codes.map((c) => c.join("=")).join("|")}`;
  let g = grammars.get(key);
  if (g) return g;
  const lexicon: [string, Meaning][] = [
    ...QUESTION_WORDS,
    ...(vocab.people ?? []).map((p) => [p.toLowerCase(), { kind: "person", value: p }] as [string, Meaning]),
    ...PERSON_MARKS.map((w) => [w, { kind: "personMark" }] as [string, Meaning]),
    ...TRADE_WORDS.map(([w, trade]) => [w, { kind: "trade", value: trade }] as [string, Meaning]),
    ["就是", { kind: "filler" }],
  ];
  lexicon.sort((a, b) => b[0].length - a[0].length);
  const byFirst = new Map<string, [string, Meaning][]>();
  for (const entry of lexicon) {
    const first = entry[0][0] ?? "";
    byFirst.set(first, [...(byFirst.get(first) ?? []), entry]);
  }
  const towns = townWords(vocab.towns);
  g = {
    towns,
    byFirst,
    soundLike: [
      ...QUESTION_WORDS.filter(([, m]) => m.kind !== "filler" && m.kind !== "unclear").map(([w]) => w),
      ...towns.map(([w]) => w),
      ...PERIOD_WORDS,
      "以来",
      "以后",
      "之后",
      ...TRADE_WORDS.map(([w]) => w),
      ...(vocab.people ?? []),
      ...PERSON_MARKS,
    ],
    townSounds: new Set(towns.map(([w]) => w)),
    addressed: vocab.people?.length
      ? new RegExp(`@(${vocab.people.map(escapeRegExp).join("|")})\\s*[，,:：]?\\s*(?:你|您)`, "g")
      : null,
    codes: codes.map(([code, town]) => [
      new RegExp(`(?<![a-z])${escapeRegExp(code.toLowerCase())}(?![a-z\\d-])`, "g"),
      town,
    ]),
  };
  if (grammars.size > 16) grammars.clear(); // towns or people changed: the old ones are not asked for again
  grammars.set(key, g);
  return g;
}

function partsOf(
  s: string,
  vocab: ReadingVocabulary,
  breaks: readonly number[],
  dropAsides: boolean,
): { parts: QuestionParts; unexplained: Set<number>; particles: Set<number> } {
  const tokens: Token[] = [];
  const free = (a: number, b: number) => tokens.every((t) => b <= t.start || a >= t.end);
  const add = (start: number, end: number, meaning: Meaning) => {
    if (end > start && free(start, end)) tokens.push({ start, end, meaning });
  };

  for (const m of s.matchAll(/(?<![a-z])([a-z]{1,6})-?(\d{1,6})(?!\d)/g)) {
    add(m.index, m.index + m[0].length, {
      kind: "enterprise",
      value: formatCaseNo((m[1] ?? "").toUpperCase(), Number(m[2])),
    });
  }
  const grammar = grammarOf(vocab);
  for (const [code, town] of grammar.codes) {
    for (const m of s.matchAll(code)) add(m.index, m.index + m[0].length, { kind: "town", value: town });
  }
  for (const p of findPeriods(s)) add(p.start, p.end, { kind: "period", value: p.value });
  for (const [word, town] of grammar.towns) {
    for (let at = s.indexOf(word); at >= 0; at = s.indexOf(word, at + 1)) {
      add(at, at + word.length, { kind: "town", value: town });
    }
  }
  findEnterpriseNames(s, tokens, breaks);

  const unknown: { at: number; ch: string }[] = [];
  const pre = [...tokens].sort((a, b) => a.start - b.start);
  let from = 0;
  for (const t of [...pre, { start: s.length, end: s.length }]) {
    if (t.start > from) segment(s, from, t.start, grammar.byFirst, tokens, unknown);
    from = Math.max(from, t.end);
  }
  tokens.sort((a, b) => a.start - b.start);
  // A name of two or three characters right before 负责/那边/手上 is a person (张三负责的).
  const leftover = new Set(unknown.map((u) => u.at));
  for (const t of tokens) {
    if (t.meaning.kind !== "personMark") continue;
    let a = t.start;
    while (a > 0 && leftover.has(a - 1) && t.start - a < 3) a -= 1;
    if (t.start - a >= 2) {
      t.meaning = { kind: "person", value: s.slice(a, t.start) };
      for (let k = a; k < t.start; k++) leftover.delete(k);
    }
  }
  // 孙八让我问下…: 孙八 asked the asker to ask; 钱七你…: 钱七 is spoken to. Neither is whose cases.
  for (const [i, t] of tokens.entries()) {
    const next = tokens[i + 1];
    const spokenTo = next && /^(你|您)/.test(s.slice(next.start, next.end));
    if (
      t.meaning.kind === "person" &&
      next?.start === t.end &&
      (next.meaning.kind === "askedBy" || spokenTo)
    ) {
      t.meaning = { kind: "filler" };
    }
  }
  // 宏兴塑料制品厂然后它现在…: 它 is the enterprise named.
  if (tokens.some((t) => t.meaning.kind === "enterprise")) {
    for (const at of [...leftover]) if (s[at] === "它") leftover.delete(at);
  }
  // 张三他负责的: 他 is the one just named.
  for (const t of tokens) {
    if (t.meaning.kind === "person" && leftover.has(t.end) && /[他她]/.test(s[t.end] ?? ""))
      leftover.delete(t.end);
  }
  // 搞废塑料的, 做衣服的: the doing before a kind is the kind's.
  for (const t of tokens) {
    if (t.meaning.kind === "trade" && leftover.has(t.start - 1) && /[搞干做弄]/.test(s[t.start - 1] ?? ""))
      leftover.delete(t.start - 1);
  }
  // HYK0017那家弄完没: 那家 is the enterprise just named; alone (那家又开了) it is one said before.
  for (const [i, t] of tokens.entries()) {
    if (t.meaning.kind !== "pointing") continue;
    // (案号GX-012的那家, CXL-0023挂账的那家: fillers between are the name's.)
    let k = i - 1;
    while (k >= 0 && tokens[k]?.meaning.kind === "filler" && tokens[k]?.end === tokens[k + 1]?.start) k -= 1;
    const before = tokens[k];
    const named = before?.meaning.kind === "enterprise" && before.end === tokens[k + 1]?.start;
    t.meaning = named ? { kind: "filler" } : { kind: "unclear" };
  }
  // 黄河村那个金源铸造: the village before a named enterprise is where it is, asked about with it.
  for (const t of tokens) {
    if (t.meaning.kind !== "enterprise") continue;
    const m = /(\p{Script=Han}{1,4}村(?:[一二三四五六七八九十\d]{1,2}组)?)(?:那个|那家|这个|这家|的)?$/u.exec(
      s.slice(0, t.start),
    );
    const village = m ? [...Array(m[1]?.length ?? 0).keys()].map((k) => (m.index ?? 0) + k) : [];
    if (village.length > 0 && village.every((at) => leftover.has(at)))
      for (const at of village) leftover.delete(at);
  }
  // 区里问…, 镇长要…, 领导让…: who wants the figure, not where or whose it is.
  for (const [i, t] of tokens.entries()) {
    const next = tokens[i + 1];
    const asking = next && /^(问|要|催|让|叫|刚|在|来电话|打电话|电话)/.test(s.slice(next.start, next.end));
    const by = next && ["filler", "context", "asideOnly"].includes(next.meaning.kind);
    if (REQUESTERS.includes(s.slice(t.start, t.end)) && next?.start === t.end && asking && by) {
      t.meaning = { kind: "filler" };
    }
  }
  // 我是花园口的钱七，…: the town and the name after 我是 say who asks (up to the name).
  for (const [i, t] of tokens.entries()) {
    if (t.meaning.kind !== "selfIntro") continue;
    const name = tokens.slice(i + 1, i + 4).find((x) => x.meaning.kind === "person");
    if (!name) continue;
    for (const x of tokens.slice(i, tokens.indexOf(name) + 1)) x.meaning = { kind: "filler" };
    for (let at = t.end; at < name.start; at++) leftover.delete(at);
  }
  if (dropAsides) {
    const all = [...new Set([...breaks, ...runOnBreaks(s, tokens)])].sort((x, y) => x - y);
    forgiveAsides(s, tokens, leftover, all);
  }
  const clauses = clausesOf(s, breaks);
  for (const t of tokens) {
    if (t.meaning.kind !== "mine") continue;
    // 我过去看看 beside a question: the asker doing something else, not whose cases are asked about.
    const clause = clauses.find(([a, b]) => t.start >= a && t.start < b);
    if (t.meaning.bare && clause && !asksIn(s, tokens, clause)) t.meaning = { kind: "filler" };
    else t.meaning = vocab.askerHasOwnCases ? { kind: "me" } : { kind: "own" };
  }
  // 没有逾期的, 没反弹的: 没(有) right before a change or state denies it (a question about those not
  // overdue), which no answer counts; after it (逾期没有, 拆了没有) it asks yes or no.
  for (const [i, t] of tokens.entries()) {
    const next = tokens[i + 1];
    const word = s.slice(t.start, t.end);
    if (
      t.meaning.kind === "yesno" &&
      /^没有?$/.test(word) &&
      s[t.start - 1] !== "有" &&
      next?.meaning.kind === "subject" &&
      next.start === t.end
    ) {
      t.meaning = { kind: "unclear" };
    }
  }
  return {
    parts: {
      tokens: tokens.map((t) => t.meaning),
      unknown: unknown
        .filter((u) => leftover.has(u.at))
        .map((u) => u.ch)
        .join(""),
      text: s,
    },
    unexplained: leftover,
    particles: new Set(
      tokens.filter((t) => t.end - t.start === 1 && t.meaning.kind === "filler").map((t) => t.start),
    ),
  };
}

/**
 * Splits a stretch of the question into the lexicon's words with as few unexplained characters as
 * possible, then as few words as possible (so 有哪些 is 有 + 哪些, and 没整改完 one word, not 没 + 整改完).
 */
function segment(
  s: string,
  from: number,
  to: number,
  byFirst: ReadonlyMap<string, [string, Meaning][]>,
  tokens: Token[],
  unknown: { at: number; ch: string }[],
): void {
  const n = to - from;
  const cost: number[] = new Array(n + 1).fill(0);
  const step: ([string, Meaning] | null)[] = new Array(n + 1).fill(null);
  for (let i = n - 1; i >= 0; i--) {
    cost[i] = (cost[i + 1] ?? Number.POSITIVE_INFINITY) + 100;
    step[i] = null;
    for (const entry of byFirst.get(s[from + i] ?? "") ?? []) {
      const w = entry[0];
      if (w.length > n - i || !s.startsWith(w, from + i)) continue;
      const c = (cost[i + w.length] ?? Number.POSITIVE_INFINITY) + 1;
      if (c < (cost[i] ?? Number.POSITIVE_INFINITY)) {
        cost[i] = c;
        step[i] = entry;
      }
    }
  }
  for (let i = 0; i < n; ) {
    const entry = step[i];
    if (entry) {
      tokens.push({ start: from + i, end: from + i + entry[0].length, meaning: entry[1] });
      i += entry[0].length;
    } else {
      unknown.push({ at: from + i, ch: s[from + i] ?? "" });
      i += 1;
    }
  }
}

function readingOf(parts: QuestionParts): QuestionReading | null {
  const normalized = parts.text;
  if (/[\p{Script=Han}a-z]/u.test(parts.unknown)) return null;
  const seen = (kind: string) => parts.tokens.filter((t) => t.kind === kind);
  const values = (kind: string) => [
    ...new Set(seen(kind).map((t) => ("value" in t ? t.value : null)) as (string | null)[]),
  ];
  if (seen("unclear").length > 0 || seen("asideOnly").length > 0) return null;
  if (seen("vagueChange").length > 0 && seen("enterprise").length === 0) return null;
  // 拆了几家，还剩几家: two counts asked at once; answering one would read as the answer to both (a
  // list asked beside them, 拆了几家，是哪几家, answers the count too).
  const asked = parts.tokens
    .filter((t) => t.kind === "measure" && !t.soft)
    .map((t) => ("value" in t ? t.value : ""));
  if (asked.filter((v) => v === "数量").length > 1 && !asked.includes("名单")) return null;
  const periods = values("period").filter((p) => p !== NOW);
  if (periods.length > 1 || periods.includes(null)) return null;
  // 古荥砖厂有几家: the town's 砖厂, not an enterprise of that name (a name is asked about, not counted).
  const counted = values("measure").some((v) => v === "数量" || v === "名单");
  for (const t of parts.tokens) {
    if (t.kind === "enterprise" && t.townTrade && counted) {
      parts.tokens.splice(
        parts.tokens.indexOf(t),
        1,
        { kind: "town", value: t.townTrade.town },
        { kind: "trade", value: t.townTrade.trade },
      );
    }
  }
  const enterprises = values("enterprise");
  const towns = values("town");
  const all = seen("scope").length > 0;
  if (enterprises.length > 1 || towns.length > 1 || (all && towns.length > 0)) return null;
  let subjects = values("subject") as string[];
  // 逾期未完成 is 逾期; 拆除完成 is 拆除到位.
  if (subjects.includes("逾期")) subjects = subjects.filter((v) => v !== "未完成");
  if (subjects.length > 1 && subjects.includes("完成")) subjects = subjects.filter((v) => v !== "完成");
  const types = values("type");
  const trades = values("trade");
  const requirements = values("requirement");
  // 要拆的还有几家没拆完: not demolished yet, of the cases to be demolished, is 未完成; asked of all cases
  // (还有几家没拆) it cannot be told whether the cases not to be demolished count.
  if (seen("notDemolished").length > 0 && !enterprises[0]) {
    if (requirements.length !== 1 || requirements[0] !== "限期拆除") return null;
    subjects = [...new Set([...subjects.filter((v) => v !== "拆除到位"), "未完成"])];
  }
  // One enterprise is answered by its card (查询): whatever else is asked of it (拆了没有, 这周销号了吗,
  // 拆了吗？还是在整改) the card shows, so the reading is the enterprise and 情况 — never a subject.
  if (enterprises[0]) {
    const measure = measureOf(
      { enterprise: enterprises[0] as string },
      new Set(values("measure") as string[]),
      false,
      false,
    );
    return measure ? { enterprise: enterprises[0] as string, measure } : null;
  }
  const persons = [...(seen("me").length ? ["我"] : []), ...(values("person") as string[])];
  if (subjects.length > 1 || types.length > 1 || requirements.length > 1 || persons.length > 1) return null;
  if (trades.length > 1) return null;

  const reading: Omit<QuestionReading, "measure"> = {};
  if (enterprises[0]) reading.enterprise = enterprises[0] as string;
  else if (all) reading.scope = "全区";
  else if (towns[0]) reading.scope = towns[0] as string;
  if (periods[0]) reading.period = periods[0];
  if (subjects[0]) reading.subject = subjects[0];
  if (types[0]) reading.type = types[0] as QuestionReading["type"];
  if (trades[0]) reading.kind = trades[0] as string;
  if (requirements[0]) reading.requirement = requirements[0] as QuestionReading["requirement"];
  if (persons[0]) reading.person = persons[0];
  const nounPhrase = /(的|企业|企业名单)$/.test(normalized);
  const measures = new Set(values("measure") as string[]);
  if (measures.size === 0 && seen("ledger").length > 0) {
    // 这个月台账报了没有 asks whether the ledger was submitted (报送情况), not about enterprises;
    // 台账上有没有露天喷漆 asks about what is on it.
    const onIt = ["subject", "trade", "type", "requirement", "person", "me"].some((k) => seen(k).length > 0);
    if (seen("yesno").length > 0 && !onIt) return null;
    if (seen("yesno").length === 0) measures.add("名单");
  }
  // 有没有反弹的, 张三负责的有逾期的吗: whether there are any is asked of the asker's own scope as
  // well; 拆了没 (no 有) asks about something named before, which cannot be told.
  const whetherAny = /有|存在/.test(normalized.replace(/没有/g, ""));
  // 已经报了, 古荥今天拆了: told, not asked — no list is read into it.
  const statement = /了[啊呀吧哈]?$/.test(normalized) && seen("yesno").length === 0;
  const measure = measureOf(reading, measures, seen("yesno").length > 0, nounPhrase, whetherAny, statement);
  if (!measure) return null;
  // 有多少 or 几家 alone is no question about the campaign; 一共有多少家 is.
  const what =
    reading.enterprise ||
    reading.period ||
    reading.subject ||
    reading.type ||
    reading.kind ||
    reading.requirement ||
    reading.person;
  if (!what && measure !== "进度" && !(/家|企业|户|厂/.test(normalized) && normalized.length >= 4))
    return null;
  // 都整改完了吗 asks whether all are: no count or list answers that.
  if (seen("yesno").length > 0 && !reading.enterprise && /都/.test(normalized)) return null;
  return { ...reading, measure };
}

/**
 * What is asked of what the question names: one enterprise's 情况; a count, a list, or progress. A
 * question with no measure word is read only where it cannot mean two things: 古荥逾期的 (a list),
 * 古荥这周有反弹吗 (a count).
 */
function measureOf(
  r: Omit<QuestionReading, "measure">,
  m: Set<string>,
  yesno: boolean,
  nounPhrase: boolean,
  whetherAny = false,
  statement = false,
): QuestionReading["measure"] | null {
  if (r.enterprise) return m.has("数量") || m.has("名单") ? null : "情况";
  // 目前有没有出现反弹的情况: whether there are any, however it is put.
  if (
    yesno &&
    whetherAny &&
    !m.has("名单") &&
    !m.has("进度") &&
    (r.subject || r.kind || r.type || r.requirement)
  )
    return "数量";
  if (m.has("进度")) return m.has("名单") || r.subject ? null : "进度";
  if (m.has("名单")) return "名单";
  if (m.has("数量"))
    return m.has("情况") && !r.subject ? "名单" : yesno ? (r.subject ? "数量" : null) : "数量";
  if (m.has("情况"))
    return r.subject || !(r.scope || r.person || r.type || r.kind || r.requirement) ? null : "进度";
  // 古荥这周有反弹吗, 新城有没有搅拌站: whether there are any, answered by how many.
  if (yesno)
    return (r.subject || r.kind || r.type || r.requirement) && (r.scope || r.period || r.person || whetherAny)
      ? "数量"
      : null;
  // 古荥逾期的, 本周新增的企业: the enterprises themselves; 古荥本周新增 could be a count as well.
  if ((r.subject || r.person) && (!r.period || nounPhrase) && !statement) return "名单";
  return null;
}

import type { Token } from "./question-tokens.js";

/**
 * Clauses around a question that ask nothing of the campaign's data (…，写材料要用; 督导组下周来，…;
 * …，晚上要报日报; 俺们对标一下): passed over when another clause asks something, so their words —
 * known or not — neither block the reading nor add to it.
 */

/** The clauses of the text, as [start, end) between its breaks (where punctuation or a space stood). */
export function clausesOf(s: string, breaks: readonly number[]): [number, number][] {
  const edges = [0, ...breaks, s.length];
  const clauses: [number, number][] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = edges[i] ?? 0;
    const b = edges[i + 1] ?? 0;
    if (b > a) clauses.push([a, b]);
  }
  return clauses;
}

/**
 * Where a run-on question ends and an aside begins without punctuation (…是哪几家我下午开会要用; …还有
 * 几家没到位啊下午得去跑一趟): after the word that asks how many or which, where the next word that is
 * not filler is a bare 我, work talk, or a time still to come.
 */
export function runOnBreaks(s: string, tokens: readonly Token[]): number[] {
  const sorted = [...tokens].sort((x, y) => x.start - y.start);
  const breaks: number[] = [];
  for (const [i, t] of sorted.entries()) {
    if (t.meaning.kind !== "measure") continue;
    let at = t.end;
    let j = i + 1;
    while (sorted[j]?.start === at && sorted[j]?.meaning.kind === "filler") at = sorted[j++]?.end ?? at;
    const next = sorted[j];
    const word = next ? s.slice(next.start, next.end) : "";
    const aside =
      next?.start === at &&
      ((next.meaning.kind === "mine" && next.meaning.bare) ||
        next.meaning.kind === "asideOnly" ||
        (next.meaning.kind === "period" && next.meaning.value === null && TO_COME.test(word)));
    if (aside && at < s.length) breaks.push(at);
  }
  return breaks;
}

/** 明天, 后天, 下周: what is still to come is about the asker's plans, never about the record. */
const TO_COME = /^(明天|后天|下周|下个?星期|下个?礼拜|下个?月)/;

/**
 * Whether a clause holds a word of the grammar that asks something: not filler, not work talk
 * (context, asideOnly), not a bare 我 or 我们 (俺们对标一下: the askers doing something else), and
 * not a time still to come.
 */
export function asksIn(s: string, tokens: readonly Token[], [a, b]: [number, number]): boolean {
  return tokens.some((t) => {
    if (t.start < a || t.end > b) return false;
    const m = t.meaning;
    const word = s.slice(t.start, t.end);
    if (m.kind === "filler" || m.kind === "context" || m.kind === "asideOnly") return false;
    // 我核一下台账: the ledger the asker will check, not a list asked for.
    if (m.kind === "ledger") return false;
    if (m.kind === "mine" && m.bare) return false;
    if (m.kind === "own" && word === "我们") return false;
    // 月底要考核, 周五前要报: a time with what is due then.
    if (
      m.kind === "period" &&
      m.value === null &&
      (TO_COME.test(word) || /^(要|前要|之前要)/.test(s.slice(t.end)))
    )
      return false;
    return true;
  });
}

/**
 * A clause where the asker or someone else does something (我明天去村里转转, 我得催催他, 他天天吹): it
 * begins with a bare 我 or 他/她 and names nothing the grammar asks about (a time still to come, and
 * words it cannot read as a question, like 抽查, may be there) — what someone will do, not what is
 * asked. A time of the record (我去年的) keeps the clause in the question.
 */
function actsIn(s: string, tokens: readonly Token[], [a, b]: [number, number]): boolean {
  const first = tokens.find((t) => t.start === a);
  const byActor = (first?.meaning.kind === "mine" && first.meaning.bare) || /^[他她]/.test(s.slice(a, b));
  if (!byActor) return false;
  return !tokens.some(
    (t) => t.start >= a && t.end <= b && t.meaning.kind !== "unclear" && asksIn(s, [t], [a, b]),
  );
}

/**
 * Characters that may change what is asked (a number, a time, a denial, a place, a part of a whole, a
 * rank, someone else): an aside holding one the grammar could not explain is never passed over.
 */
const MAY_MATTER =
  /[a-z\d〇零二三四五六七八九十百千万两几半年月日号周天季前后早晚昨今明近初底末旬时不没未无非别否区县市乡镇村组街路办除外另比较率排第每各分只仅含包括与和及他她谁]/;

/**
 * Passes over the asides: their unexplained characters are forgiven and their words made filler,
 * when another clause asks something and no aside holds an unexplained character that may matter.
 * A time word of the record (去年, 上周) or any other word that asks keeps its clause in the question.
 */
export function forgiveAsides(
  s: string,
  tokens: Token[],
  leftover: Set<number>,
  breaks: readonly number[],
): void {
  const clauses = clausesOf(s, breaks);
  const asides = clauses.filter((c) => {
    const [a, b] = c;
    const unexplained = [...leftover].filter((at) => at >= a && at < b);
    if (actsIn(s, tokens, c)) return true;
    // 周五前, 明天后: before or after a time still to come is part of it.
    const ofTimeToCome = (at: number) =>
      /[前后]/.test(s[at] ?? "") &&
      tokens.some(
        (t) => t.end === at && (t.meaning.kind === "asideOnly" || !asksIn(s, [t], [t.start, t.end])),
      );
    return (
      !asksIn(s, tokens, c) && !unexplained.some((at) => MAY_MATTER.test(s[at] ?? "") && !ofTimeToCome(at))
    );
  });
  // (Work talk left in a clause that asks — 督导组下周来看逾期的 — is not passed over: readingOf reads no
  // question with asideOnly in it.)
  if (!clauses.some((c) => !asides.includes(c) && asksIn(s, tokens, c))) return;
  for (const [a, b] of asides) {
    for (let at = a; at < b; at++) leftover.delete(at);
    for (const t of tokens) if (t.start >= a && t.end <= b) t.meaning = { kind: "filler" };
  }
}

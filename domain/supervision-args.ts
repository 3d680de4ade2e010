import { escapeRegExp } from "./escape-reg-exp.js";
import { toHalfWidth } from "./text-normalize.js";

/**
 * Splits a command's text at keywords (问题 … 要求 … 期限 …). A keyword counts at the start or after a
 * space or punctuation, so a description that happens to contain 要求 is not cut in two. Returns the
 * text before the first keyword and each keyword's value (keyed by the first word of its group).
 *
 * @example
 *   splitKeywords("问题 无环评 要求 整改完善 期限 4月30日", { problem: ["问题"], requirement: ["要求"] })
 */
export function splitKeywords<K extends string>(
  text: string,
  groups: Record<K, readonly string[]>,
): { head: string; values: Partial<Record<K, string>> } {
  const half = toHalfWidth(text);
  const words = (Object.entries(groups) as [K, readonly string[]][])
    .flatMap(([key, list]) => list.map((w) => ({ key, word: toHalfWidth(w) })))
    .sort((a, b) => b.word.length - a.word.length);
  const pattern = new RegExp(
    `(^|[\\s,;，；。、])(${words.map((w) => escapeRegExp(w.word)).join("|")})[\\s:：]*`,
    "g",
  );
  const hits: { key: K; start: number; valueStart: number }[] = [];
  for (const m of half.matchAll(pattern)) {
    const hit = words.find((w) => w.word === m[2]);
    if (!hit) continue;
    hits.push({ key: hit.key, start: m.index + (m[1] ?? "").length, valueStart: m.index + m[0].length });
  }
  const clean = (s: string) => s.replace(/^[\s,;，；。、]+|[\s,;，；。、]+$/g, "");
  const values: Partial<Record<K, string>> = {};
  hits.forEach((hit, i) => {
    const end = hits[i + 1]?.start ?? text.length;
    if (values[hit.key] === undefined) values[hit.key] = clean(text.slice(hit.valueStart, end));
  });
  return { head: clean(text.slice(0, hits[0]?.start ?? text.length)), values };
}

import { createRequire } from "node:module";

/**
 * Pinyin-input slips: people type by sound, and the phone offers a character that sounds the same
 * (预期 for 逾期, 古星 for 古荥, 明单 for 名单, 柴了几家 for 拆了几家). Where the grammar explains no
 * character, a stretch that sounds like one of its words is read as that word.
 *
 * Only characters the grammar could not explain are ever changed, so a word it knows is never turned
 * into another. Sounds are compared without tones; a word of two or more characters may differ by one
 * sound a southern or Henan speaker merges (z/zh, c/ch, s/sh, n/l, -n/-ng: 多扫 for 多少). A word of one
 * character is matched only where it is one of SINGLE_SOUNDS and the sound is exact: most single
 * sounds have too many characters (专 is not 砖).
 */

/** One-character words a lone unexplained character may stand for, by exact sound (柴 → 拆). */
const SINGLE_SOUNDS = new Set(["拆"]);

/**
 * Characters that are words in their own right, never slips: 那 and 这 point back to something said
 * before (那家拆了没), which a question word of the same sound (哪家) does not.
 */
const NEVER_SLIPS = new Set(["那", "这"]);

type PinyinFn = (text: string, options: Record<string, unknown>) => string[];
let pinyinFn: PinyinFn | undefined;
/** pinyin-pro's dictionary is loaded on the first question with a character the grammar lacks. */
function pinyin(): PinyinFn {
  pinyinFn ??= (createRequire(import.meta.url)("pinyin-pro") as { pinyin: PinyinFn }).pinyin;
  return pinyinFn;
}

/**
 * A character's toneless readings: every one for a word's character (荥: xing, ying), only the most
 * common for a typed one (差 is cha, not the chai of 出差: no reason to read 还差几家 as 还拆几家); and
 * both with a pinyin keyboard's fuzzy merges. Worked out once per character.
 */
interface Sounds {
  common: string[];
  every: string[];
  looseCommon: string[];
  looseEvery: string[];
}
const soundCache = new Map<string, Sounds>();
function soundsOf(ch: string): Sounds {
  let r = soundCache.get(ch);
  if (!r) {
    const every = /\p{Script=Han}/u.test(ch)
      ? pinyin()(ch, { toneType: "none", type: "array", multiple: true })
      : [];
    const common = /\p{Script=Han}/u.test(ch)
      ? pinyin()(ch, { toneType: "none", type: "array" }).slice(0, 1)
      : [];
    r = { common, every, looseCommon: common.map(loose), looseEvery: every.map(loose) };
    soundCache.set(ch, r);
  }
  return r;
}

/** The sound with the merges a pinyin keyboard's fuzzy mode allows. */
function loose(sound: string): string {
  return sound
    .replace(/^([zcs])h/, "$1")
    .replace(/^l/, "n")
    .replace(/ng$/, "n");
}

/** How a typed character sounds like a word's character: 0 exactly, 1 loosely, 2 not at all. */
function distance(typed: string, meant: string, everyTyped = false): number {
  if (typed === meant) return 0;
  const t = soundsOf(typed);
  const m = soundsOf(meant);
  if ((everyTyped ? t.every : t.common).some((x) => m.every.includes(x))) return 0;
  return t.looseCommon.some((x) => m.looseEvery.includes(x)) ? 1 : 2;
}

/**
 * The text with each stretch that holds an unexplained character (at `unexplained`) and sounds like
 * one of `words` written as that word; the text itself when none does. Longest words first, left to
 * right, never overlapping.
 */
export function soundAlikesWritten(
  text: string,
  unexplained: ReadonlySet<number>,
  words: readonly string[],
  particles: ReadonlySet<number> = new Set(),
  exactOnly: ReadonlySet<string> = new Set(),
): string {
  if (unexplained.size === 0) return text;
  const chars = [...text];
  if (chars.length !== text.length) return text; // characters outside the BMP: positions would not line up
  const candidatesOf = prepare(words);
  const out = [...chars];
  const taken = new Set<number>();
  for (const at of [...unexplained].sort((a, b) => a - b)) {
    if (taken.has(at)) continue;
    const found = bestWordOver(chars, at, unexplained, taken, candidatesOf, particles, exactOnly);
    if (!found) continue;
    for (let k = 0; k < found.word.length; k++) {
      out[found.start + k] = found.word[k] ?? "";
      taken.add(found.start + k);
    }
  }
  return out.join("");
}

/** The words a slip may be read as, longest first, and which of them hold a character of a sound. */
interface Prepared {
  list: string[];
  bySound: Map<string, Set<string>>;
}
const prepared = new WeakMap<readonly string[], Prepared>();
/** Worked out once per list of words (the reader passes the same one for each vocabulary). */
function prepare(words: readonly string[]): Prepared {
  let p = prepared.get(words);
  if (!p) {
    const list = [...new Set(words)].filter((w) => w.length >= 2 || SINGLE_SOUNDS.has(w));
    list.sort((a, b) => b.length - a.length);
    const bySound = new Map<string, Set<string>>();
    for (const word of list) {
      for (const ch of word) {
        const { every, looseEvery } = soundsOf(ch);
        // The character itself too ("=a"): a typed character with no sound matches only itself.
        for (const sound of [...every, ...looseEvery, `=${ch}`])
          bySound.set(sound, (bySound.get(sound) ?? new Set()).add(word));
      }
    }
    p = { list, bySound };
    prepared.set(words, p);
  }
  return p;
}

/** The longest word that sounds like a stretch covering `at`, where only unexplained characters differ. */
function bestWordOver(
  chars: string[],
  at: number,
  unexplained: ReadonlySet<number>,
  taken: ReadonlySet<number>,
  words: Prepared,
  particles: ReadonlySet<number>,
  exactOnly: ReadonlySet<string>,
): { start: number; word: string } | null {
  // Only words with a character that sounds like the one typed at `at` can be meant (the rest of the
  // ~1,500 are not tried).
  const typed = soundsOf(chars[at] ?? "");
  const candidates = new Set<string>();
  for (const sound of [...typed.every, ...typed.looseCommon, `=${chars[at] ?? ""}`])
    for (const w of words.bySound.get(sound) ?? []) candidates.add(w);
  // A word that sounds exactly alike before one that sounds loosely alike (新曾: 新增, not 新城); a town
  // only exactly (a place read wrong is a wrong answer, not a slip).
  for (const loose of [false, true]) {
    for (const word of words.list) {
      if (!candidates.has(word)) continue;
      if (loose && exactOnly.has(word)) continue;
      const n = word.length;
      for (let start = Math.max(0, at - n + 1); start <= at && start + n <= chars.length; start++) {
        if (fits(chars, start, word, unexplained, taken, particles, loose)) return { start, word };
      }
    }
  }
  return null;
}

function fits(
  chars: string[],
  start: number,
  word: string,
  unexplained: ReadonlySet<number>,
  taken: ReadonlySet<number>,
  particles: ReadonlySet<number>,
  loose: boolean,
): boolean {
  let loosely = 0;
  let changed = 0;
  for (let k = 0; k < word.length; k++) {
    const at = start + k;
    const typed = chars[at] ?? "";
    const meant = word[k] ?? "";
    if (taken.has(at)) return false;
    if (typed === meant) continue;
    if (NEVER_SLIPS.has(typed)) return false;
    // A one-character word of no meaning (都, 请) may be a slip too, when it sounds exactly alike: 进都 进度.
    const particle = particles.has(at) && word.length >= 2;
    if (!unexplained.has(at) && !particle) return false;
    // A word of two or more characters by any reading of what was typed (新曾: 曾 is zeng too); one
    // character by its common reading only (还差几家 is no 还拆几家).
    const d = distance(typed, meant, word.length >= 2 && !loose);
    if (d === 2 || (particle && d > 0)) return false;
    loosely += d;
    changed += 1;
  }
  if (changed === 0) return false;
  return word.length === 1 || !loose ? loosely === 0 : loosely <= 1;
}

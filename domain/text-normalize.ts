/**
 * Full-width ASCII (Ａ１：，) to half-width, one character for one, so positions in the
 * normalized text are positions in the original: free-text values are cut from the original.
 */
export function toHalfWidth(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += " ";
    else out += ch;
  }
  return out;
}

/** Collapse runs of white space (any width) and trim. */
export function squeeze(text: string): string {
  return text.replace(/[\s\u3000]+/g, " ").trim();
}

const CORPORATE_ENDINGS = ["有限责任公司", "股份有限公司", "有限公司", "公司", "厂"];

/**
 * Characters that belong in no ledger field: invisible format and direction marks (U+200B, U+200F,
 * U+202E, U+FEFF …), control characters, and emoji with their joiners, variation selectors, skin
 * tones, keycaps, flags and tags. Symbols people do write in a field (㎡, ℃, №) stay.
 */
const NOT_IN_A_FIELD =
  /[\p{Cf}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Variation_Selector}\u{1F1E6}-\u{1F1FF}\u{E0020}-\u{E007F}\0-\x09\x0B-\x1F\x7F-\x9F]|\u{20E3}/gu;

/** A field's value as the ledger should hold it: without emoji, invisible or control characters. */
export function cleanFieldText(text: string): string {
  return text.replace(NOT_IN_A_FIELD, "");
}

/**
 * The key that finds one enterprise under two spellings: letters and digits only (no spaces,
 * punctuation, symbols, emoji or invisible characters), half-width, lower case, and without a
 * trailing 厂/公司/有限公司 (黄河塑料加工厂 = 黄河塑料加工有限公司 = 🏭黄河 塑料加工😀).
 */
export function enterpriseNameKey(name: string): string {
  let key = toHalfWidth(name)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
  for (let changed = true; changed; ) {
    changed = false;
    for (const ending of CORPORATE_ENDINGS) {
      if (key.length > ending.length + 1 && key.endsWith(ending)) {
        key = key.slice(0, -ending.length);
        changed = true;
      }
    }
  }
  return key;
}

/** Width on a phone in a monospace font: CJK and full-width characters take two cells. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

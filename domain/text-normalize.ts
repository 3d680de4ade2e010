/**
 * Full-width ASCII (Ａ１：，) to half-width, one character for one, so positions in the
 * normalized text are positions in the original: free-text values are cut from the original.
 */
export function toHalfWidth(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
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
 * The key that finds one enterprise under two spellings: no spaces or punctuation, half-width,
 * lower case, and without a trailing 厂/公司/有限公司 (黄河塑料加工厂 = 黄河塑料加工有限公司 = 黄河 塑料加工).
 */
export function enterpriseNameKey(name: string): string {
  let key = toHalfWidth(name)
    .toLowerCase()
    .replace(/[\s()（）[\]【】·.,，、\-—_"'“”‘’]/g, "");
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
    const code = ch.codePointAt(0)!;
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

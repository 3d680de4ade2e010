const DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  俩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numerals or digits as they come in a question or report, up to the hundreds. */
export const NUMBER = "(?:\\d{1,4}|[〇零一二两俩三四五六七八九十百]{1,5})";

/**
 * Reads a whole number written in digits or Chinese numerals (12, 十二, 二十, 三十五, 一百二十, 两).
 * Returns null for anything else.
 */
export function readNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[〇零一二两俩三四五六七八九十百]+$/.test(text)) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of text) {
    if (ch === "百") {
      total += (seen ? current : 1) * 100;
      current = 0;
      seen = false;
    } else if (ch === "十") {
      total += (seen ? current : 1) * 10;
      current = 0;
      seen = false;
    } else {
      const d = DIGIT[ch];
      if (d === undefined) return null;
      // 二〇 (digit by digit) is not a number people use here; 一二 is not either.
      if (seen) return null;
      current = d;
      seen = true;
    }
  }
  return total + (seen ? current : 0);
}

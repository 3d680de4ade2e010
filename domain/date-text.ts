import { toHalfWidth } from "./text-normalize.js";

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十一 → 11, 二十八 → 28, 三十一 → 31; a year's digits one by one: 二〇一七 → 2017. */
function chineseNumber(text: string): string {
  if (!text.includes("十")) return [...text].map((c) => String(DIGITS[c] ?? c)).join("");
  const [tens, ones] = text.split("十") as [string, string];
  return String((tens ? (DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (DIGITS[ones] ?? 0) : 0));
}

/**
 * A date as people type it, made readable for the date parser: full-width digits and separators
 * (１１月２８日, ２０１７－０３－３１) to half-width, one character for one so positions carry over,
 * except Chinese numerals before 年/月/日/号 (十一月二十八日), which become digits.
 */
export function dateText(text: string): string {
  return toHalfWidth(text).replace(/[〇零一二两三四五六七八九十]{1,4}(?=[年月日号])/g, chineseNumber);
}

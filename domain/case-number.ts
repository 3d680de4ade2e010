import { toHalfWidth } from "./text-normalize.js";

/** A case number people can say on the phone: the town's code and a 4-digit sequence (GY-0007). */
export function formatCaseNo(townCode: string, seq: number): string {
  return `${townCode}-${String(seq).padStart(4, "0")}`;
}

const CASE_NO = /\b([A-Za-z]{1,6})[-_]?(\d{1,6})\b/;

/** Finds a case number in text, however it is typed (gy-7, GY0007, ＧＹ－０００７). */
export function findCaseNo(text: string): string | null {
  return extractCaseNo(text).caseNo;
}

/**
 * Finds a case number and returns the text without it, the rest kept as the user wrote it (full-width
 * punctuation included): half-width mapping is one code unit for one, so positions carry over.
 */
export function extractCaseNo(text: string): { caseNo: string | null; rest: string } {
  const m = CASE_NO.exec(toHalfWidth(text).replace(/－/g, "-"));
  if (!m) return { caseNo: null, rest: text.trim() };
  return {
    caseNo: formatCaseNo((m[1] ?? "").toUpperCase(), Number(m[2])),
    rest: (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim(),
  };
}

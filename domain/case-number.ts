/** A case number people can say on the phone: the town's code and a 4-digit sequence (GY-0007). */
export function formatCaseNo(townCode: string, seq: number): string {
  return `${townCode}-${String(seq).padStart(4, "0")}`;
}

const CASE_NO = /\b([A-Za-z]{1,6})-?(\d{1,6})\b/;

/** Finds a case number in text, however it is typed (gy-7, GY0007, ＧＹ－０００７ after half-width). */
export function findCaseNo(text: string): string | null {
  const m = CASE_NO.exec(text);
  if (!m) return null;
  return formatCaseNo(m[1]!.toUpperCase(), Number(m[2]));
}

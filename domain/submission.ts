import { chineseDate, type IsoDate } from "./dates.js";

/**
 * What each town sends by the 23rd (惠环保〔2017〕2号 三（三）: 每月23日前报送工作台账电子版和盖章件，
 * 同时报送工作总结), and whether a month's submission is complete: the one decision 报送情况, the
 * evening status push and the reminders share.
 */
export type SubmissionPart = "ledger" | "stamped" | "summary";

export const SUBMISSION_PARTS: readonly SubmissionPart[] = ["ledger", "stamped", "summary"];

export const PART_LABELS: Record<SubmissionPart, string> = {
  ledger: "排查台账电子版",
  stamped: "盖章件",
  summary: "工作总结",
};

/** A town's month: the day each part came in, null while it has not. */
export interface TownSubmission {
  town: string;
  ledgerOn: IsoDate | null;
  stampedOn: IsoDate | null;
  summaryOn: IsoDate | null;
}

const dayOf = (s: TownSubmission, part: SubmissionPart): IsoDate | null =>
  part === "ledger" ? s.ledgerOn : part === "stamped" ? s.stampedOn : s.summaryOn;

/** The parts still missing, in the seed's order. */
export function missingParts(s: TownSubmission): SubmissionPart[] {
  return SUBMISSION_PARTS.filter((p) => dayOf(s, p) === null);
}

export const isComplete = (s: TownSubmission): boolean => missingParts(s).length === 0;

const short = (d: IsoDate) => chineseDate(d).replace(/^\d+年/, "");

/**
 * One town on one line, for a phone: `古荥镇：电子版 3月20日 · 盖章件 3月21日 · 工作总结 未交（尚缺：工作总结）`.
 */
export function submissionLine(s: TownSubmission): string {
  const parts = SUBMISSION_PARTS.map((p) => {
    const day = dayOf(s, p);
    const label = p === "ledger" ? "电子版" : PART_LABELS[p];
    return `${label} ${day ? short(day) : "未交"}`;
  });
  const missing = missingParts(s);
  const tail = missing.length ? `（尚缺：${missing.map((p) => PART_LABELS[p]).join("、")}）` : "（齐全）";
  return `${s.town}：${parts.join(" · ")}${tail}`;
}

/**
 * What a file sent to a town group is, by its name: a 工作总结 when the name says 总结; a 盖章件 when
 * it says 盖章 or 台账 and it is a PDF or a picture; null for anything else (an .xlsx is a ledger to
 * import; a file named otherwise is not guessed at).
 */
export function partOfFile(fileName: string, isPdf: boolean): "stamped" | "summary" | null {
  const name = fileName.toLowerCase();
  if (/\.xlsx?$/.test(name)) return null;
  if (name.includes("总结")) return "summary";
  const scan = isPdf || /\.(pdf|jpe?g|png|heic|webp)$/.test(name);
  if (scan && /盖章|台账/.test(name)) return "stamped";
  return null;
}

import { daysBetween, type IsoDate } from "../../domain/dates.js";
import {
  isComplete,
  PART_LABELS,
  SUBMISSION_PARTS,
  submissionLine,
  type TownSubmission,
} from "../../domain/submission.js";
import { shortDate } from "./bulletin-format.js";
import type { CaseLine } from "./bulletin-types.js";

/** What each town sends by the 23rd (seed: 台账 as a file and a stamped copy, plus a work summary). */
const DUE_ITEMS = SUBMISSION_PARTS.map((p) => PART_LABELS[p]);

function staleLines(cases: CaseLine[], limit: number): string[] {
  if (cases.length === 0) return ["本月在办案件均已更新进展。"];
  const lines = [`本月尚未更新进展的在办案件 ${cases.length} 家，请分包责任人更新：`];
  for (const c of cases.slice(0, limit))
    lines.push(`· ${c.caseNo} ${c.name}（分包责任人：${c.responsible}）`);
  if (cases.length > limit) lines.push(`……另有 ${cases.length - limit} 家未列出。`);
  return lines;
}

export interface LedgerReminderInput {
  town: string;
  /** 'YYYY-MM'. */
  month: string;
  today: IsoDate;
  /** The town's open cases with no update this month. */
  staleCases: CaseLine[];
  limit?: number;
}

/** 20日 heads-up to a town group: what is due on the 23rd and which cases still lack an update. */
export function renderLedgerHeadsUp(input: LedgerReminderInput): string {
  const [, m] = input.month.split("-").map(Number);
  return [
    `【台账报送预告】${input.town}：${m}月23日前请报送本月工作台账：`,
    ...DUE_ITEMS.map((item, i) => `${i + 1}. ${item}`),
    HOW_TO_SUBMIT[0],
    ...staleLines(input.staleCases, input.limit ?? 20),
  ].join("\n");
}

/** How the items are sent in chat, said under the list. */
export const HOW_TO_SUBMIT = [
  "附件为本镇（办）当前台账，核对后打印盖章。",
  "盖章件：拍照发到本群，说明写“盖章件”，或发送文件名含“盖章”的PDF；工作总结：发送「工作总结 内容」或文件名含“总结”的文件；电子版报送后发送「报送」确认。",
] as const;

/** 23日 09:00 reminder to a town group: today is the day; the ledger comes with it. */
export function renderLedgerReminder(input: LedgerReminderInput): string {
  return [
    `【台账报送提醒】${input.town}：今天（${shortDate(input.today)}）是本月工作台账报送截止日，请报送：`,
    ...DUE_ITEMS.map((item, i) => `${i + 1}. ${item}`),
    ...HOW_TO_SUBMIT,
    ...staleLines(input.staleCases, input.limit ?? 20),
  ].join("\n");
}

/**
 * 报送情况: per town, which of the month's 电子版, 盖章件 and 工作总结 are in and what is missing — the
 * 23rd evening push to the district and the 报送情况 command alike. One line per town not yet complete.
 */
export function renderSubmissionStatus(month: string, asOf: string, towns: TownSubmission[]): string {
  const [y, m] = month.split("-").map(Number);
  const done = towns.filter(isComplete);
  const missing = towns.filter((t) => !isComplete(t));
  const lines = [`【台账报送情况】${y}年${m}月（截至${asOf}）`];
  const [only] = towns;
  if (towns.length === 1 && only) return [...lines, submissionLine(only)].join("\n");
  lines.push(
    done.length ? `报送齐全 ${done.length} 个：${done.map((t) => t.town).join("、")}` : "报送齐全 0 个。",
  );
  if (missing.length) {
    lines.push(`尚未齐全 ${missing.length} 个：`);
    for (const t of missing) lines.push(`· ${submissionLine(t)}`);
  } else lines.push("全部镇（办）已报送齐全。");
  return lines.join("\n");
}

/** The warnings a case gets: 7, 3 and 1 day before its deadline, and the day after it (overdue). */
export const WARNING_DAYS = [7, 3, 1, -1] as const;

function bucketTitle(days: number, deadline: IsoDate): string {
  if (days === -1) return `今日起逾期（期限${shortDate(deadline)}）：`;
  if (days === 1) return `明天到期（${shortDate(deadline)}）：`;
  return `${days} 天后到期（${shortDate(deadline)}）：`;
}

/**
 * 整治期限提醒 for one town on one morning, or null when none of its cases is 7, 3 or 1 day from
 * its deadline or became overdue today. `cases` are the town's open, unfinished cases.
 */
export function renderDeadlineWarnings(town: string, today: IsoDate, cases: CaseLine[]): string | null {
  const lines: string[] = [];
  for (const days of WARNING_DAYS) {
    const hit = cases
      .filter((c) => daysBetween(today, c.deadline) === days)
      .sort((a, b) => a.caseNo.localeCompare(b.caseNo));
    const [first] = hit;
    if (!first) continue;
    lines.push(bucketTitle(days, first.deadline));
    for (const c of hit)
      lines.push(`· ${c.caseNo} ${c.name}（${c.requirement}，分包责任人：${c.responsible}）`);
  }
  if (lines.length === 0) return null;
  return [`【整治期限提醒】${town} ${shortDate(today)}`, ...lines].join("\n");
}

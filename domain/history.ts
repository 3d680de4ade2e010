import { chineseDate, monthDay, valueText } from "./dates.js";

/** One line of a case's history, from an audit record: who, when, what. */
export interface HistoryEntry {
  at: string;
  personName: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
  note?: string;
}

const ACTION_LABELS: Record<string, string> = {
  report: "上报",
  report_despite_duplicate: "上报（同名确认）",
  progress: "进展",
  note: "进展",
  photo: "照片",
  photo_accept: "采信照片",
  location: "位置",
  close: "销号",
  reopen: "反弹",
  import: "导入",
  correct: "更正",
  withdraw: "撤回",
  // District supervision (commands/supervision/, and the escalation run in scheduler/supervision/).
  inspect: "督查",
  transfer: "移交",
  transfer_note: "移交进展",
  transfer_progress: "移交进展",
  transfer_close: "移交销号",
  transfer_police: "移交公安",
  transfer_government: "移交区政府",
  escalate_notice: "通报并限期整治",
  escalate_summons: "报区大气办建议约谈",
  summons_proposed: "建议约谈（待区督查确认）",
  summons_confirm: "确认报区大气办建议约谈",
  summons_decline: "决定不报区大气办约谈",
  tip_link: "线索转案件",
  rebound_check: "回头看",
};

/** The time of an instant in Beijing time, short, in the one date style: 3月20日 14:05. */
export function shortTime(isoInstant: string): string {
  const d = new Date(Date.parse(isoInstant) + 8 * 3_600_000).toISOString();
  return `${monthDay(d.slice(0, 10))} ${d.slice(11, 16)}`;
}

export function historyLine(e: HistoryEntry): string {
  const label = ACTION_LABELS[e.action] ?? e.action;
  let what = label;
  const before = e.before as { state?: string } | undefined;
  const after = e.after as { state?: string; finishedOn?: string | null } | undefined;
  if (e.action === "progress" && before?.state && after?.state) {
    what = `${label} ${before.state}→${after.state}${after.finishedOn ? `（${chineseDate(after.finishedOn)}）` : ""}`;
  }
  if (e.action === "correct" && before && after) {
    const was = before as Record<string, string>;
    const now = after as Record<string, string>;
    what = `${label} ${Object.keys(now)
      .map((k) => `${k} ${valueText(was[k] ?? "")}→${valueText(now[k] ?? "")}`)
      .join("；")}`;
  }
  if (e.note) what += `：${e.note}`;
  return `${shortTime(e.at)} ${e.personName ?? "系统"} ${what}`;
}

import { daysBetween, type IsoDate } from "../../domain/dates.js";
import { shortDate } from "./bulletin-format.js";
import type { Milestone } from "./bulletin-types.js";

/** The milestone the towns declare with 排查完成 (the seed's 2月28日前完成排查). */
export const SURVEY_LABEL = "完成排查";

/**
 * The bulletins' line on the 2月28日 milestone: the towns that have not declared 排查完成 — before the
 * date as a reminder, after it as overdue. Nothing once every town has declared.
 */
export function surveyLines(
  pending: readonly string[] | undefined,
  milestones: Milestone[],
  today: IsoDate,
): string[] {
  const due = milestones.find((m) => m.label === SURVEY_LABEL)?.date;
  if (!pending?.length || !due) return [];
  const names = pending.join("、");
  return daysBetween(today, due) >= 0
    ? [`${shortDate(due)}前完成排查，尚未报“排查完成”的 ${pending.length} 个：${names}`]
    : [`排查逾期未报完成（期限${shortDate(due)}）${pending.length} 个：${names}`];
}

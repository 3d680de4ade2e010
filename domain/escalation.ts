import { addDays, daysBetween, type IsoDate } from "./dates.js";

/**
 * The ladder (惠环保〔2017〕2号 四): 对未整改到位的，通报辖区环保部门，并限期整治；对逾期仍未整改到位的，
 * 报区大气办约谈辖区政府. Step one is the notice with a new deadline, step two the report to the
 * district air office recommending a summons.
 */
export const ESCALATION_STEPS = ["notice", "summons"] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

const ESCALATION_LABELS: Record<EscalationStep, string> = {
  notice: "通报并限期整治",
  summons: "报区大气办建议约谈",
};

/**
 * Where a step stands. A notice is sent by the ladder itself (done). A summons is only proposed by it:
 * the 环保局 reports to 区大气办 when a district supervisor confirms it (约谈 确认), or not at all
 * when one declines (约谈 不报). Steps from before confirmation existed were sent at once (done).
 */
export const ESCALATION_STATUSES = ["done", "proposed", "confirmed", "declined"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** A step as people read it: 通报并限期整治, 建议约谈（待确认）, 报区大气办建议约谈, 不报约谈. */
export function escalationLabel(step: EscalationStep, status: EscalationStatus = "done"): string {
  if (step === "summons" && status === "proposed") return "建议约谈（待区督查确认）";
  if (step === "summons" && status === "declined") return "建议约谈（区督查决定不报）";
  return ESCALATION_LABELS[step];
}

/** Whether the step went out to its addressees (a proposal or a declined summons did not). */
export const wentOut = (status: EscalationStatus): boolean => status === "done" || status === "confirmed";

/** What is overdue: a transfer or an ordinary case, by its deadline; `done` once finished or closed. */
export interface EscalationSubject {
  deadline: IsoDate;
  done: boolean;
}

/** A step already taken for this subject (in its current round). */
export interface EscalationRecord {
  step: EscalationStep;
  onDate: IsoDate;
  newDeadline: IsoDate | null;
}

export type DueEscalation =
  | { step: "notice"; daysOverdue: number; newDeadline: IsoDate }
  | { step: "summons"; daysOverdue: number; noticeDeadline: IsoDate };

/**
 * The next step due today, if any. Overdue = today is after the deadline. A subject that is done
 * never escalates; a step is taken once; the summons comes only after the notice's deadline passed.
 *
 * @example
 *   nextEscalation({ deadline: "2017-03-31", done: false }, [], "2017-04-01", 15)
 *   // → { step: "notice", daysOverdue: 1, newDeadline: "2017-04-16" }
 */
export function nextEscalation(
  subject: EscalationSubject,
  records: readonly EscalationRecord[],
  today: IsoDate,
  noticeDays: number,
): DueEscalation | null {
  if (subject.done) return null;
  const notice = records.find((r) => r.step === "notice");
  if (!notice) {
    if (today <= subject.deadline) return null;
    return {
      step: "notice",
      daysOverdue: daysBetween(subject.deadline, today),
      newDeadline: addDays(today, noticeDays),
    };
  }
  if (records.some((r) => r.step === "summons")) return null;
  const noticeDeadline = notice.newDeadline ?? addDays(notice.onDate, noticeDays);
  if (today <= noticeDeadline) return null;
  return { step: "summons", daysOverdue: daysBetween(noticeDeadline, today), noticeDeadline };
}

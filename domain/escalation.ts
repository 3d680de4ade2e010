import { addDays, daysBetween, type IsoDate } from "./dates.js";

/**
 * The ladder (惠环保〔2017〕2号 四): 对未整改到位的，通报辖区环保部门，并限期整治；对逾期仍未整改到位的，
 * 报区大气办约谈辖区政府. Step one is the notice with a new deadline, step two the report to the
 * district air office recommending a summons.
 */
export const ESCALATION_STEPS = ["notice", "summons"] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export const ESCALATION_LABELS: Record<EscalationStep, string> = {
  notice: "通报并限期整治",
  summons: "报区大气办建议约谈",
};

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

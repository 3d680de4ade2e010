import { caseStage, isOverdue } from "../case-stage.js";
import type { IsoDate } from "../dates.js";
import type { Enterprise } from "../enterprise.js";
import { FINISHED_STATES, isFinished } from "../transitions.js";
import type { QuestionReading } from "./question-reading.js";
import { isOfTrade } from "./trade-words.js";

/**
 * Which enterprises and which recorded changes a question's reading is about (docs/plain-words.md).
 * Pure: the answer's code brings the enterprises on file and the audit records; this decides.
 */

/** The subjects that are changes: with a period they count what changed then (the history). */
const CHANGE_SUBJECTS = ["新增", "拆除到位", "整改到位", "手续办结", "完成", "销号", "反弹"] as const;

/** The audit actions that record each change (commands/report-flow, case-moves, reopen). */
export const CHANGE_ACTIONS = ["report", "report_despite_duplicate", "progress", "close", "reopen"] as const;

export interface RecordedChange {
  action: string;
  entityId: number | null;
  after?: unknown;
}

/** With a period, a change subject counts the changes in it; otherwise the state now. */
export function countsChanges(r: QuestionReading): boolean {
  return r.period !== undefined && (r.subject === undefined || isChangeSubject(r.subject));
}

function isChangeSubject(s: string): boolean {
  return (CHANGE_SUBJECTS as readonly string[]).includes(s);
}

/** Whether a recorded change is one the subject names (拆除到位: a move into 拆除到位). */
export function changeMatches(subject: string | undefined, c: RecordedChange): boolean {
  const state = (c.after as { state?: unknown } | undefined)?.state;
  switch (subject ?? "新增") {
    case "新增":
      return c.action === "report" || c.action === "report_despite_duplicate";
    case "销号":
      return c.action === "close";
    case "反弹":
      return c.action === "reopen";
    case "完成":
      return c.action === "progress" && (FINISHED_STATES as readonly unknown[]).includes(state);
    default:
      return c.action === "progress" && state === subject;
  }
}

/** The person a reading names, as the answer knows them: 我 is the asker. */
export interface AskedPerson {
  id: number | null;
  name: string;
}

/** Whether an enterprise is the person's: they reported it or answer for it (分包责任人), as 我的. */
export function isPersons(e: Enterprise, p: AskedPerson): boolean {
  return (p.id !== null && e.reportedBy === p.id) || e.responsible === p.name;
}

/** The filters besides the subject: type, kind of business, requirement, person. */
export function matchesFilters(e: Enterprise, r: QuestionReading, person?: AskedPerson): boolean {
  if (r.type && e.type !== r.type) return false;
  if (r.kind && !isOfTrade(e, r.kind)) return false;
  if (r.requirement && e.requirement !== r.requirement) return false;
  if (person && !isPersons(e, person)) return false;
  return true;
}

/**
 * Whether an enterprise is in the state the subject names today, by the campaign's one state
 * function (caseStage) and the overdue rule 进度 and 逾期 use. 反弹 is answered from the history.
 */
export function stateMatches(subject: string | undefined, e: Enterprise, today: IsoDate): boolean {
  const stage = caseStage(e);
  switch (subject) {
    case undefined:
    case "新增":
      return true;
    case "完成":
      return stage === "已到位" || stage === "已销号";
    case "销号":
      return stage === "已销号";
    case "逾期":
      return isOverdue(e, today);
    case "未完成":
      return stage === "待整治" || stage === "整治中";
    case "待整治":
      return stage === "待整治";
    case "正在拆除":
    case "正在整治":
      return stage === "整治中" && e.state === subject;
    default:
      // 拆除到位 / 整改到位 / 手续办结: finished that way (whether crossed off since or not).
      return e.state === subject && isFinished(e.requirement, e.state);
  }
}

/** 进度 of the cases a question narrows to (全区八小进度, 张三负责的进度): counted as 进度 counts a town. */
export function progressOf(
  es: readonly Enterprise[],
  today: IsoDate,
): { total: number; finished: number; closed: number; overdue: number } {
  return {
    total: es.length,
    finished: es.filter((e) => isFinished(e.requirement, e.state)).length,
    closed: es.filter((e) => e.closedAt !== null).length,
    overdue: es.filter((e) => isOverdue(e, today)).length,
  };
}

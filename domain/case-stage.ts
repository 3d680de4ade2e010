import type { IsoDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";
import { INITIAL_STATE } from "./enums.js";
import { isFinished } from "./transitions.js";

/**
 * Where a case stands on the wall (挂图作战、逐一销号): not started, being worked on, finished
 * (完成情况 at 手续办结 / 整改到位 / 拆除到位), or crossed off (销号).
 */
export const CASE_STAGES = ["待整治", "整治中", "已到位", "已销号"] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

type StageFacts = Pick<Enterprise, "state" | "requirement" | "closedAt">;

export function caseStage(e: StageFacts): CaseStage {
  if (e.closedAt) return "已销号";
  if (isFinished(e.requirement, e.state)) return "已到位";
  return e.state === INITIAL_STATE ? "待整治" : "整治中";
}

/** Overdue as 进度 and 逾期 count it: open, not finished, and its 整治期限 before today. */
export function isOverdue(e: StageFacts & Pick<Enterprise, "deadline">, today: IsoDate): boolean {
  return !e.closedAt && !isFinished(e.requirement, e.state) && e.deadline < today;
}

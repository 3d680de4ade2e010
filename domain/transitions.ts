import { INITIAL_STATE, type ProgressState, type Requirement } from "./enums.js";

/**
 * 完成情况 per 整治要求 (DOMAIN.md): 补办手续 → 手续办结; 整改完善 → 正在整治 → 整改到位;
 * 限期拆除 → 正在拆除 → 拆除到位. Each path starts at 待整治.
 */
export const STATE_PATHS: Record<Requirement, { working: ProgressState; finished: ProgressState }> = {
  补办手续: { working: "补办手续", finished: "手续办结" },
  整改完善: { working: "正在整治", finished: "整改到位" },
  限期拆除: { working: "正在拆除", finished: "拆除到位" },
};

export function finishedStateOf(requirement: Requirement): ProgressState {
  return STATE_PATHS[requirement].finished;
}

export function isFinished(requirement: Requirement, state: ProgressState): boolean {
  return STATE_PATHS[requirement].finished === state;
}

/** The states a case may move to next; a finished case moves only by 销号 or 反弹. */
export function nextStates(requirement: Requirement, state: ProgressState): ProgressState[] {
  const path = STATE_PATHS[requirement];
  if (state === INITIAL_STATE) return [path.working, path.finished];
  if (state === path.working) return [path.finished];
  return [];
}

export function canMove(requirement: Requirement, from: ProgressState, to: ProgressState): boolean {
  return nextStates(requirement, from).includes(to);
}

/** The states a user may name for this requirement (for error messages). */
export function statesFor(requirement: Requirement): ProgressState[] {
  const path = STATE_PATHS[requirement];
  return [path.working, path.finished];
}

/** Every finished state, whatever the requirement (for queries over all cases). */
export const FINISHED_STATES: readonly ProgressState[] = Object.values(STATE_PATHS).map((p) => p.finished);

import type { IsoDate } from "../../domain/dates.js";

/**
 * Plain numbers behind the weekly bulletin (周通报), one row per town. The lead's stats query fills
 * it; `computeWeekStats` (bulletin-stats.ts) does the same in memory.
 */
export interface TownWeekStats {
  town: string;
  /** Cases on file (在册). */
  total: number;
  /** Reported in the week (新增). */
  newThisWeek: number;
  /** Reached 手续办结 / 整改到位 / 拆除到位 in the week (完成). */
  finishedThisWeek: number;
  /** Closed (销号), all time. */
  closed: number;
  /** Open, not finished, past their 整治期限 (逾期). */
  overdue: number;
  /** Finished or closed over total, 0…1 (0 when total is 0). */
  completionRate: number;
}

/** The same for a month (月小结). */
export interface TownMonthStats {
  town: string;
  total: number;
  newThisMonth: number;
  finishedThisMonth: number;
  closed: number;
  overdue: number;
  completionRate: number;
}

/** A date of the campaign counted down in the bulletins: 排查完成 by 2-28, 总结上报 by 8-29. */
export interface Milestone {
  label: string;
  date: IsoDate;
}

export function campaignMilestones(year: number): Milestone[] {
  return [
    { label: "完成排查", date: `${year}-02-28` },
    { label: "整治情况总结上报", date: `${year}-08-29` },
  ];
}

/** One case as a reminder lists it. */
export interface CaseLine {
  caseNo: string;
  name: string;
  requirement: string;
  deadline: IsoDate;
  /** 分包责任人. */
  responsible: string;
}

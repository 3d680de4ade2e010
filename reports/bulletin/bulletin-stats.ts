import type { IsoDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import type { TownWeekStats } from "./bulletin-types.js";

/** What the week's numbers need from a case. */
export type CaseFacts = Pick<Enterprise, "townName" | "reportedOn" | "finishedOn" | "closedAt" | "deadline">;

/**
 * The 周通报 numbers computed in memory from cases — the reference the SQL query must agree with.
 * A case counts as done once finished (完成日期 set) or closed (销号); overdue = not done and past
 * its deadline on `today`.
 */
export function computeWeekStats(
  cases: Iterable<CaseFacts>,
  week: { from: IsoDate; to: IsoDate },
  today: IsoDate,
  towns: string[] = [],
): TownWeekStats[] {
  const acc = new Map<string, TownWeekStats & { done: number }>();
  const row = (town: string) => {
    let r = acc.get(town);
    if (!r) {
      r = {
        town,
        total: 0,
        newThisWeek: 0,
        finishedThisWeek: 0,
        closed: 0,
        overdue: 0,
        completionRate: 0,
        done: 0,
      };
      acc.set(town, r);
    }
    return r;
  };
  for (const town of towns) row(town);
  for (const c of cases) {
    const r = row(c.townName);
    r.total++;
    if (c.reportedOn >= week.from && c.reportedOn <= week.to) r.newThisWeek++;
    if (c.finishedOn && c.finishedOn >= week.from && c.finishedOn <= week.to) r.finishedThisWeek++;
    if (c.closedAt) r.closed++;
    if (c.finishedOn || c.closedAt) r.done++;
    else if (c.deadline < today) r.overdue++;
  }
  return [...acc.values()].map(({ done, ...r }) => ({ ...r, completionRate: r.total ? done / r.total : 0 }));
}

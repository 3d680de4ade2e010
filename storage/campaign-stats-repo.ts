import type { IsoDate } from "../domain/dates.js";
import { FINISHED_STATES } from "../domain/transitions.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

/** One town's numbers for a period, as of its end (see `periodStats`). */
export interface TownPeriodRow {
  townId: number;
  total: number;
  newIn: number;
  finishedIn: number;
  closed: number;
  overdue: number;
  /** Finished (完成日期 set) or closed by the end of the period. */
  done: number;
}

/** A case as the reminders list it, with its town. */
export interface CaseRow {
  townId: number;
  caseNo: string;
  name: string;
  requirement: string;
  deadline: IsoDate;
  responsible: string;
}

const periodRow = rowSchema(
  "enterprises",
  {
    town_id: col.int,
    total: col.count,
    new_in: col.count,
    finished_in: col.count,
    closed: col.count,
    overdue: col.count,
    done: col.count,
  },
  "town_id",
);
const caseRow = rowSchema("enterprises", {
  id: col.int,
  town_id: col.int,
  case_no: col.text,
  name: col.text,
  requirement: col.text,
  deadline: col.text,
  responsible: col.text,
});

/**
 * The queries behind the pushes (周通报, 月小结, 台账报送, 整治期限提醒). Counts are taken from the
 * cases' dates, so a period is counted as of its end even when asked later (the month before, for
 * 月小结's changes). A reopened case (反弹) lost its 完成日期 and 销号 and counts as open.
 */
export function createCampaignStatsRepo(db: Db) {
  return {
    /**
     * Per town with cases: totals as of the end of `to` (`endInstant` = the next day's 00:00 in
     * Shanghai, as ISO), new and finished within [from, to], overdue = deadline on or before `to`
     * and not done by then.
     */
    async periodStats(from: IsoDate, to: IsoDate, endInstant: string): Promise<TownPeriodRow[]> {
      const done =
        "((finished_on is not null and finished_on <= ?) or (closed_at is not null and closed_at < ?))";
      const rows = periodRow.all(
        await db("enterprises")
          .select("town_id")
          .select(
            db.raw("sum(case when reported_on <= ? then 1 else 0 end) as total", [to]),
            db.raw("sum(case when reported_on >= ? and reported_on <= ? then 1 else 0 end) as new_in", [
              from,
              to,
            ]),
            db.raw("sum(case when finished_on >= ? and finished_on <= ? then 1 else 0 end) as finished_in", [
              from,
              to,
            ]),
            db.raw("sum(case when closed_at is not null and closed_at < ? then 1 else 0 end) as closed", [
              endInstant,
            ]),
            db.raw(`sum(case when reported_on <= ? and ${done} then 1 else 0 end) as done`, [
              to,
              to,
              endInstant,
            ]),
            db.raw(
              `sum(case when reported_on <= ? and deadline <= ? and not ${done} then 1 else 0 end) as overdue`,
              [to, to, to, endInstant],
            ),
          )
          .whereNull("withdrawn_at")
          .groupBy("town_id"),
      );
      return rows.map((r) => ({
        townId: r.town_id,
        total: r.total,
        newIn: r.new_in,
        finishedIn: r.finished_in,
        closed: r.closed,
        overdue: r.overdue,
        done: r.done,
      }));
    },

    /** Open, unfinished cases of a town not updated since `sinceInstant` (the month's start). */
    async staleOpenCases(townId: number, sinceInstant: string): Promise<CaseRow[]> {
      const rows = await db("enterprises")
        .where({ town_id: townId })
        .whereNull("withdrawn_at")
        .whereNull("closed_at")
        .whereNotIn("state", [...FINISHED_STATES])
        .andWhere("updated_at", "<", sinceInstant)
        .orderBy([{ column: "deadline" }, { column: "id" }]);
      return rows.map(toCaseRow);
    },

    /** Open, unfinished cases whose deadline is one of `deadlines` (the warning days). */
    async openCasesDueOn(deadlines: IsoDate[]): Promise<CaseRow[]> {
      const rows = await db("enterprises")
        .whereIn("deadline", deadlines)
        .whereNull("withdrawn_at")
        .whereNull("closed_at")
        .whereNotIn("state", [...FINISHED_STATES])
        .orderBy([{ column: "town_id" }, { column: "id" }]);
      return rows.map(toCaseRow);
    },

    /** Every open case past its deadline on `today`, unfinished. */
    async overdueCases(today: IsoDate): Promise<CaseRow[]> {
      const rows = await db("enterprises")
        .whereNull("withdrawn_at")
        .whereNull("closed_at")
        .andWhere("deadline", "<", today)
        .whereNotIn("state", [...FINISHED_STATES])
        .orderBy([{ column: "town_id" }, { column: "deadline" }, { column: "id" }]);
      return rows.map(toCaseRow);
    },
  };
}

function toCaseRow(raw: unknown): CaseRow {
  const r = caseRow.parse(raw);
  return {
    townId: r.town_id,
    caseNo: r.case_no,
    name: r.name,
    requirement: r.requirement,
    deadline: r.deadline,
    responsible: r.responsible,
  };
}

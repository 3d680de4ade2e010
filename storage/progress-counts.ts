import type { IsoDate } from "../domain/dates.js";
import type { ProgressCell } from "../domain/progress-stats.js";
import { FINISHED_STATES } from "../domain/transitions.js";
import type { Db } from "./db.js";
import { sharedRowKey, takeSharedRow } from "./lock-order.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

/** The columns of an enterprise that decide where it is counted in 进度. */
export interface CountedFields {
  town_id: number;
  type: string;
  requirement: string;
  state: string;
  closed_at: string | null;
  deadline: string;
  withdrawn_at: string | null;
}

export const COUNTED_COLUMNS = [
  "town_id",
  "type",
  "requirement",
  "state",
  "closed_at",
  "deadline",
  "withdrawn_at",
] as const;

const FINISHED: ReadonlySet<string> = new Set(FINISHED_STATES);
const isOpenUnfinished = (e: CountedFields) => e.closed_at === null && !FINISHED.has(e.state);

const cellKey = { town_id: col.int, type: col.text, requirement: col.text, state: col.text };
const cellRow = rowSchema("progress_cells", { ...cellKey, total: col.count, closed: col.count }, "town_id");
const overdueRow = rowSchema("open_deadlines", { ...cellKey, overdue: col.count }, "town_id");

/**
 * Moves one enterprise into (+1) or out of (-1) the 进度 counts; called by the enterprises
 * repository in the same transaction as the write itself.
 */
export async function adjustProgressCounts(db: Db, e: CountedFields, delta: 1 | -1): Promise<void> {
  // A withdrawn report (撤回) is counted nowhere.
  if (e.withdrawn_at) return;
  // Every report and progress message comes here: plain SQL (storage/sql.ts).
  const sql = sqlOf(db);
  const cell = [e.town_id, e.type, e.requirement, e.state];
  takeSharedRow(db, sharedRowKey.progressCell([...cell, e.closed_at !== null]));
  await sql.run(
    `insert into progress_cells (town_id, type, requirement, state, closed, n) values (?, ?, ?, ?, ?, ?)
     on conflict (town_id, type, requirement, state, closed) do update set n = progress_cells.n + excluded.n`,
    [...cell, e.closed_at !== null, delta],
  );
  if (isOpenUnfinished(e)) {
    takeSharedRow(db, sharedRowKey.openDeadline([...cell, e.deadline]));
    await sql.run(
      `insert into open_deadlines (town_id, type, requirement, state, deadline, n) values (?, ?, ?, ?, ?, ?)
       on conflict (town_id, type, requirement, state, deadline) do update set n = open_deadlines.n + excluded.n`,
      [...cell, e.deadline, delta],
    );
  }
}

/** 进度's cells from the counts: a few hundred rows whatever the number of enterprises. */
export async function readProgressCells(db: Db, today: IsoDate, townId?: number): Promise<ProgressCell[]> {
  const cells = db("progress_cells")
    .select("town_id", "type", "requirement", "state")
    .sum({ total: "n" })
    .select(db.raw("sum(case when closed then n else 0 end) as closed"))
    .where("n", ">", 0)
    .groupBy("town_id", "type", "requirement", "state");
  const overdue = db("open_deadlines")
    .select("town_id", "type", "requirement", "state")
    .sum({ overdue: "n" })
    .where("deadline", "<", today)
    .andWhere("n", ">", 0)
    .groupBy("town_id", "type", "requirement", "state");
  if (townId) {
    cells.where({ town_id: townId });
    overdue.where({ town_id: townId });
  }
  const key = (r: { town_id: number; type: string; requirement: string; state: string }) =>
    `${r.town_id}|${r.type}|${r.requirement}|${r.state}`;
  const overdueByCell = new Map(overdueRow.all(await overdue).map((r) => [key(r), r.overdue]));
  return cellRow.all(await cells).map((r) => ({
    townId: r.town_id,
    type: r.type,
    requirement: r.requirement,
    state: r.state,
    total: r.total,
    closed: r.closed,
    overdue: overdueByCell.get(key(r)) ?? 0,
  }));
}

import { z } from "zod";
import type { IsoDate } from "../domain/dates.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

const TASK_KINDS = ["sample", "adhoc", "rebound"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_RESULTS = ["conform", "problem", "no_rebound", "rebound"] as const;
export type TaskResult = (typeof TASK_RESULTS)[number];
const TASK_STATUSES = ["open", "done", "cancelled"] as const;

/** An inspection task: one enterprise to look at (抽查 or 回头看), open until its result is recorded. */
export interface InspectionTask {
  id: number;
  kind: TaskKind;
  drawId: number | null;
  enterpriseId: number;
  caseNo: string;
  enterpriseName: string;
  village: string;
  townId: number;
  townName: string;
  assigneeId: number | null;
  dueOn: IsoDate | null;
  months: number | null;
  closedAt: string | null;
  status: (typeof TASK_STATUSES)[number];
  result: TaskResult | null;
}

/** Tasks with their enterprise and town, as every read wants them. */
export const tasks = (db: Db) =>
  db("inspection_tasks as k")
    .join("enterprises as e", "e.id", "k.enterprise_id")
    .join("towns as t", "t.id", "e.town_id")
    .select("k.*", "e.case_no", "e.name as enterprise_name", "e.village", "e.town_id", "t.name as town_name");

const taskRow = rowSchema("inspection_tasks", {
  id: col.int,
  kind: z.enum(TASK_KINDS),
  draw_id: col.int.nullable(),
  enterprise_id: col.int,
  case_no: col.text,
  enterprise_name: col.text,
  village: col.text,
  town_id: col.int,
  town_name: col.text,
  assignee_id: col.int.nullable(),
  due_on: col.text.nullable(),
  months: col.int.nullable(),
  closed_at: col.text.nullable(),
  status: z.enum(TASK_STATUSES),
  result: z.enum(TASK_RESULTS).nullable(),
});

export const toTask = (raw: unknown): InspectionTask => {
  const r = taskRow.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    drawId: r.draw_id,
    enterpriseId: r.enterprise_id,
    caseNo: r.case_no,
    enterpriseName: r.enterprise_name,
    village: r.village,
    townId: r.town_id,
    townName: r.town_name,
    assigneeId: r.assignee_id,
    dueOn: r.due_on,
    months: r.months,
    closedAt: r.closed_at,
    status: r.status,
    result: r.result,
  };
};

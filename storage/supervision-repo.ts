import { z } from "zod";
import type { IsoDate } from "../domain/dates.js";
import type { Db } from "./db.js";
import {
  type InspectionTask,
  TASK_RESULTS,
  type TaskKind,
  type TaskResult,
  tasks,
  toTask,
} from "./inspection-task-row.js";
import { col, rowSchema } from "./row-schema.js";

export interface NewTask {
  kind: TaskKind;
  drawId?: number | null;
  enterpriseId: number;
  assigneeId: number | null;
  dueOn?: IsoDate | null;
  months?: number | null;
  closedAt?: string | null;
  createdAt: string;
}

export interface TownCoverage {
  townId: number;
  townName: string;
  total: number;
  inspected: number;
  openTasks: number;
}

const drawRow = rowSchema("sample_draws", {
  id: col.int,
  seed: col.count,
  ratio: col.real,
  drawn_at: col.text,
});
const drawIdRow = rowSchema("sample_draws", { id: col.int });
const taskIdRow = rowSchema("inspection_tasks", { id: col.int });
const unitRow = rowSchema("enterprises", {
  id: col.int,
  town_id: col.int,
  state: col.text,
  closed_at: col.text.nullable(),
});
const townRow = rowSchema("towns", { id: col.int, name: col.text });
const townCountRow = rowSchema("enterprises", { town_id: col.int, n: col.count }, "town_id");
const reboundCountRow = townCountRow.extend({ result: z.enum(TASK_RESULTS).nullable() });

/** Sample draws and inspection tasks (抽查, 督查, 回头看). */
export function createSupervisionRepo(db: Db) {
  return {
    async recordDraw(d: {
      seed: number;
      ratio: number;
      population: number;
      sampleSize: number;
      drawnBy: number | null;
      at: string;
    }): Promise<number> {
      const [row] = await db("sample_draws")
        .insert({
          seed: d.seed,
          ratio: d.ratio,
          population: d.population,
          sample_size: d.sampleSize,
          drawn_by: d.drawnBy,
          drawn_at: d.at,
        })
        .returning("id");
      return drawIdRow.parse(row).id;
    },
    async draw(
      id: number,
    ): Promise<{ id: number; seed: number; ratio: number; drawnAt: string } | undefined> {
      const r = drawRow.maybe(await db("sample_draws").where({ id }).first());
      return r && { id: r.id, seed: r.seed, ratio: r.ratio, drawnAt: r.drawn_at };
    },
    /** Every enterprise as the draw sees it: town and state (销号 ones as their own stratum). */
    async sampleUnits(): Promise<{ id: number; townId: number; stratum: string }[]> {
      const rows = unitRow.all(
        await db("enterprises")
          .select("id", "town_id", "state", "closed_at")
          .whereNull("withdrawn_at")
          .orderBy("id"),
      );
      return rows.map((r) => ({ id: r.id, townId: r.town_id, stratum: r.closed_at ? "已销号" : r.state }));
    },
    async addTasks(list: NewTask[]): Promise<void> {
      for (const t of list) {
        await db("inspection_tasks").insert({
          kind: t.kind,
          draw_id: t.drawId ?? null,
          enterprise_id: t.enterpriseId,
          assignee_id: t.assigneeId,
          due_on: t.dueOn ?? null,
          months: t.months ?? null,
          closed_at: t.closedAt ?? null,
          status: "open",
          created_at: t.createdAt,
        });
      }
    },
    /** The oldest open task of these kinds for an enterprise (the one a result completes). */
    async openTaskFor(enterpriseId: number, kinds: TaskKind[]): Promise<InspectionTask | undefined> {
      const r = await tasks(db)
        .where("k.enterprise_id", enterpriseId)
        .whereIn("k.kind", kinds)
        .andWhere("k.status", "open")
        .orderBy([{ column: "k.due_on" }, { column: "k.id" }])
        .first();
      return r ? toTask(r) : undefined;
    },
    async complete(
      id: number,
      d: { result: TaskResult; note: string | null; doneBy: number; at: string },
    ): Promise<void> {
      await db("inspection_tasks")
        .where({ id })
        .update({ status: "done", result: d.result, note: d.note, done_by: d.doneBy, done_at: d.at });
    },
    /**
     * An inspection without a task — a 督查 beyond the sample (明察暗访, kind 'adhoc') or a 回头看
     * nobody asked for — is recorded as done at once.
     */
    async recordDone(d: {
      kind: TaskKind;
      enterpriseId: number;
      result: TaskResult;
      note: string | null;
      doneBy: number;
      at: string;
    }): Promise<number> {
      const [row] = await db("inspection_tasks")
        .insert({
          kind: d.kind,
          enterprise_id: d.enterpriseId,
          assignee_id: d.doneBy,
          status: "done",
          result: d.result,
          note: d.note,
          created_at: d.at,
          done_at: d.at,
          done_by: d.doneBy,
        })
        .returning("id");
      return taskIdRow.parse(row).id;
    },
    async openTasks(filter: {
      assigneeId?: number;
      kind?: TaskKind;
      dueBy?: IsoDate;
      enterpriseId?: number;
    }): Promise<InspectionTask[]> {
      const q = tasks(db).where("k.status", "open");
      if (filter.enterpriseId) q.andWhere("k.enterprise_id", filter.enterpriseId);
      if (filter.assigneeId) q.andWhere("k.assignee_id", filter.assigneeId);
      if (filter.kind) q.andWhere("k.kind", filter.kind);
      if (filter.dueBy) q.andWhere("k.due_on", "<=", filter.dueBy);
      return (await q.orderBy([{ column: "e.town_id" }, { column: "k.id" }])).map(toTask);
    },
    /** Open rebound checks that are due and not yet pushed to their assignee. */
    async dueUnnotified(today: IsoDate): Promise<InspectionTask[]> {
      const rows = await tasks(db)
        .where({ "k.status": "open", "k.kind": "rebound" })
        .whereNull("k.notified_at")
        .andWhere("k.due_on", "<=", today)
        .orderBy("k.id");
      return rows.map(toTask);
    },
    async markNotified(ids: number[], at: string): Promise<void> {
      if (ids.length) await db("inspection_tasks").whereIn("id", ids).update({ notified_at: at });
    },
    async cancel(ids: number[], note: string): Promise<void> {
      if (ids.length) await db("inspection_tasks").whereIn("id", ids).update({ status: "cancelled", note });
    },
    /** Rebound tasks already made for one 销号 of an enterprise (any status). */
    async reboundTasks(enterpriseId: number, closedAt: string): Promise<InspectionTask[]> {
      const rows = await tasks(db).where({
        "k.enterprise_id": enterpriseId,
        "k.kind": "rebound",
        "k.closed_at": closedAt,
      });
      return rows.map(toTask);
    },
    /** Open rebound checks whose case is no longer closed as it was (反弹, or closed again later). */
    async staleReboundTaskIds(): Promise<number[]> {
      const rows = await db("inspection_tasks as k")
        .join("enterprises as e", "e.id", "k.enterprise_id")
        .select("k.id")
        .where({ "k.kind": "rebound", "k.status": "open" })
        .andWhere((w) =>
          w
            .whereNull("e.closed_at")
            .orWhereRaw("e.closed_at <> k.closed_at")
            .orWhereNotNull("e.withdrawn_at"),
        );
      return taskIdRow.all(rows).map((r) => r.id);
    },
    /** Coverage of district supervision per town: enterprises, those inspected at least once, open tasks. */
    async coverage(): Promise<TownCoverage[]> {
      const towns = townRow.all(await db("towns").select("id", "name").orderBy("id"));
      const totals = townCountRow.all(
        await db("enterprises")
          .select("town_id")
          .count({ n: "*" })
          .whereNull("withdrawn_at")
          .groupBy("town_id"),
      );
      const inspected = townCountRow.all(
        await db("inspection_tasks as k")
          .join("enterprises as e", "e.id", "k.enterprise_id")
          .select("e.town_id")
          .countDistinct({ n: "k.enterprise_id" })
          .whereIn("k.kind", ["sample", "adhoc"])
          .andWhere("k.status", "done")
          .groupBy("e.town_id"),
      );
      const open = townCountRow.all(
        await db("inspection_tasks as k")
          .join("enterprises as e", "e.id", "k.enterprise_id")
          .select("e.town_id")
          .count({ n: "*" })
          .where({ "k.kind": "sample", "k.status": "open" })
          .groupBy("e.town_id"),
      );
      const get = (rows: { town_id: number; n: number }[], id: number) =>
        rows.find((r) => r.town_id === id)?.n ?? 0;
      return towns.map((t) => ({
        townId: t.id,
        townName: t.name,
        total: get(totals, t.id),
        inspected: get(inspected, t.id),
        openTasks: get(open, t.id),
      }));
    },
    /** Rebound checks done and rebounds found per town (for bulletins); `reopened` counts every 反弹. */
    async reboundCounts(): Promise<
      { townId: number; townName: string; checks: number; rebounds: number; reopened: number }[]
    > {
      const towns = townRow.all(await db("towns").select("id", "name").orderBy("id"));
      const checks = reboundCountRow.all(
        await db("inspection_tasks as k")
          .join("enterprises as e", "e.id", "k.enterprise_id")
          .select("e.town_id", "k.result")
          .count({ n: "*" })
          .where({ "k.kind": "rebound", "k.status": "done" })
          .groupBy("e.town_id", "k.result"),
      );
      const reopened = townCountRow.all(
        await db("enterprises")
          .select("town_id")
          .sum({ n: "reopen_count" })
          .whereNull("withdrawn_at")
          .groupBy("town_id"),
      );
      return towns.map((t) => {
        const mine = checks.filter((c) => c.town_id === t.id);
        return {
          townId: t.id,
          townName: t.name,
          checks: mine.reduce((a, c) => a + c.n, 0),
          rebounds: mine.filter((c) => c.result === "rebound").reduce((a, c) => a + c.n, 0),
          reopened: reopened.find((r) => r.town_id === t.id)?.n ?? 0,
        };
      });
    },
  };
}

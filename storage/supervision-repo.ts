import type { IsoDate } from "../domain/dates.js";
import type { Db } from "./db.js";

export type TaskKind = "sample" | "adhoc" | "rebound";
export type TaskResult = "conform" | "problem" | "no_rebound" | "rebound";

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
  status: "open" | "done" | "cancelled";
  result: TaskResult | null;
}

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

const tasks = (db: Db) =>
  db("inspection_tasks as k")
    .join("enterprises as e", "e.id", "k.enterprise_id")
    .join("towns as t", "t.id", "e.town_id")
    .select("k.*", "e.case_no", "e.name as enterprise_name", "e.village", "e.town_id", "t.name as town_name");

const toTask = (r: Record<string, unknown>): InspectionTask => ({
  id: Number(r.id),
  kind: r.kind as TaskKind,
  drawId: r.draw_id == null ? null : Number(r.draw_id),
  enterpriseId: Number(r.enterprise_id),
  caseNo: String(r.case_no),
  enterpriseName: String(r.enterprise_name),
  village: String(r.village),
  townId: Number(r.town_id),
  townName: String(r.town_name),
  assigneeId: r.assignee_id == null ? null : Number(r.assignee_id),
  dueOn: (r.due_on as string | null) ?? null,
  months: r.months == null ? null : Number(r.months),
  closedAt: (r.closed_at as string | null) ?? null,
  status: r.status as InspectionTask["status"],
  result: (r.result as TaskResult | null) ?? null,
});

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
      return typeof row === "object" ? Number((row as { id: number }).id) : Number(row);
    },
    async draw(
      id: number,
    ): Promise<{ id: number; seed: number; ratio: number; drawnAt: string } | undefined> {
      const r = await db("sample_draws").where({ id }).first();
      return r ? { id: r.id, seed: Number(r.seed), ratio: Number(r.ratio), drawnAt: r.drawn_at } : undefined;
    },
    /** Every enterprise as the draw sees it: town and state (销号 ones as their own stratum). */
    async sampleUnits(): Promise<{ id: number; townId: number; stratum: string }[]> {
      const rows = await db("enterprises")
        .select("id", "town_id", "state", "closed_at")
        .whereNull("withdrawn_at")
        .orderBy("id");
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
      return typeof row === "object" ? Number((row as { id: number }).id) : Number(row);
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
      return rows.map((r) => Number(r.id));
    },
    /** Coverage of district supervision per town: enterprises, those inspected at least once, open tasks. */
    async coverage(): Promise<TownCoverage[]> {
      const towns = await db("towns").select("id", "name").orderBy("id");
      const totals = await db("enterprises")
        .select("town_id")
        .count({ n: "*" })
        .whereNull("withdrawn_at")
        .groupBy("town_id");
      const inspected = await db("inspection_tasks as k")
        .join("enterprises as e", "e.id", "k.enterprise_id")
        .select("e.town_id")
        .countDistinct({ n: "k.enterprise_id" })
        .whereIn("k.kind", ["sample", "adhoc"])
        .andWhere("k.status", "done")
        .groupBy("e.town_id");
      const open = await db("inspection_tasks as k")
        .join("enterprises as e", "e.id", "k.enterprise_id")
        .select("e.town_id")
        .count({ n: "*" })
        .where({ "k.kind": "sample", "k.status": "open" })
        .groupBy("e.town_id");
      const get = (rows: Record<string, unknown>[], id: number) =>
        Number(rows.find((r) => Number(r.town_id) === id)?.n ?? 0);
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
      const towns = await db("towns").select("id", "name").orderBy("id");
      const checks = (await db("inspection_tasks as k")
        .join("enterprises as e", "e.id", "k.enterprise_id")
        .select("e.town_id", "k.result")
        .count({ n: "*" })
        .where({ "k.kind": "rebound", "k.status": "done" })
        .groupBy("e.town_id", "k.result")) as Record<string, unknown>[];
      const reopened = (await db("enterprises")
        .select("town_id")
        .sum({ n: "reopen_count" })
        .whereNull("withdrawn_at")
        .groupBy("town_id")) as Record<string, unknown>[];
      return towns.map((t) => {
        const mine = checks.filter((c) => Number(c.town_id) === t.id);
        return {
          townId: t.id,
          townName: t.name,
          checks: mine.reduce((a, c) => a + Number(c.n), 0),
          rebounds: mine.filter((c) => c.result === "rebound").reduce((a, c) => a + Number(c.n), 0),
          reopened: Number(reopened.find((r) => Number(r.town_id) === t.id)?.n ?? 0),
        };
      });
    },
  };
}

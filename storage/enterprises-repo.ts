import type { IsoDate } from "../domain/dates.js";
import type { Enterprise } from "../domain/enterprise.js";
import type { ProgressCell } from "../domain/progress-stats.js";
import { FINISHED_STATES } from "../domain/transitions.js";
import type { Db } from "./db.js";
import { type EnterprisePatch, enterpriseRow, readEnterprise, toEnterprise } from "./enterprise-row.js";
import {
  adjustProgressCounts,
  COUNTED_COLUMNS,
  type CountedFields,
  readProgressCells,
} from "./progress-counts.js";
import { sqlOf } from "./sql.js";

export type NewEnterprise = Omit<
  Enterprise,
  | "id"
  | "townName"
  | "state"
  | "finishedOn"
  | "closedAt"
  | "reopenCount"
  | "updatedAt"
  | "withdrawnAt"
  | "withdrawReason"
> & { nameKey: string; state: Enterprise["state"] };

const base = (db: Db) =>
  db("enterprises as e").join("towns as t", "t.id", "e.town_id").select("e.*", "t.name as town_name");
/** Cases on file: a withdrawn report (撤回) is kept for 查询 but counted and listed nowhere. */
const onFile = (db: Db) => base(db).whereNull("e.withdrawn_at");

export function createEnterprisesRepo(db: Db) {
  // insert and findByNameKey are on every report's path: plain SQL (storage/sql.ts).
  const sql = sqlOf(db);
  return {
    async insert(e: NewEnterprise, townName: string): Promise<Enterprise> {
      const values = {
        case_no: e.caseNo,
        town_id: e.townId,
        name: e.name,
        name_key: e.nameKey,
        village: e.village,
        type: e.type,
        scale: e.scale,
        materials: e.materials,
        water_air: e.waterAir,
        permits: e.permits,
        requirement: e.requirement,
        deadline: e.deadline,
        responsible: e.responsible,
        remarks: e.remarks,
        state: e.state,
        site_lat: e.siteLat,
        site_lng: e.siteLng,
        reported_at: e.reportedAt,
        reported_on: e.reportedOn,
        reported_by: e.reportedBy,
        updated_at: e.reportedAt,
      };
      const row = await sql.first(
        `insert into enterprises (${Object.keys(values).join(", ")})
         values (${Object.keys(values).fill("?").join(", ")}) returning *`,
        Object.values(values),
      );
      if (row === undefined) throw new Error(`enterprise ${e.caseNo} was not inserted`);
      const inserted = toEnterprise({ ...enterpriseRow.parse(row), town_name: townName });
      await adjustProgressCounts(db, countedOf(inserted), 1);
      return inserted;
    },
    async byId(id: number): Promise<Enterprise | undefined> {
      const row = await base(db).where("e.id", id).first();
      return row ? readEnterprise(row) : undefined;
    },
    async byCaseNo(caseNo: string): Promise<Enterprise | undefined> {
      const row = await base(db).where("e.case_no", caseNo.toUpperCase()).first();
      return row ? readEnterprise(row) : undefined;
    },
    async findByNameKey(townId: number, nameKey: string): Promise<Enterprise | undefined> {
      const row = await sql.first(
        `select e.*, t.name as town_name from enterprises e join towns t on t.id = e.town_id
         where e.town_id = ? and e.name_key = ? and e.withdrawn_at is null order by e.id limit 1`,
        [townId, nameKey],
      );
      return row === undefined ? undefined : readEnterprise(row);
    },
    /** Enterprises whose name contains the text (at most `limit`), newest first; withdrawn ones too. */
    async searchByName(text: string, limit: number, townId?: number): Promise<Enterprise[]> {
      const q = base(db).where("e.name", "like", `%${text.replace(/[%_\\]/g, "")}%`);
      if (townId) q.andWhere("e.town_id", townId);
      const rows = await q.orderBy("e.id", "desc").limit(limit);
      return rows.map(readEnterprise);
    },
    async update(id: number, patch: EnterprisePatch): Promise<Enterprise> {
      const moves = COUNTED_COLUMNS.some((c) => c in patch);
      const before = moves ? await this.byId(id) : undefined;
      await db("enterprises").where({ id }).update(patch);
      const after = await this.byId(id);
      if (after === undefined) throw new Error(`enterprise ${id} to update is not on file`);
      if (before) {
        await adjustProgressCounts(db, countedOf(before), -1);
        await adjustProgressCounts(db, countedOf(after), 1);
      }
      return after;
    },
    /** Counts for 进度, read from the counts this repository keeps on every write. */
    async progressCells(today: IsoDate, townId?: number): Promise<ProgressCell[]> {
      return readProgressCells(db, today, townId);
    },
    /** Open cases past their deadline and not finished, oldest deadline first. */
    async overdue(today: IsoDate, townId?: number, limit = 200): Promise<Enterprise[]> {
      const q = onFile(db)
        .whereNull("e.closed_at")
        .andWhere("e.deadline", "<", today)
        .whereNotIn("e.state", [...FINISHED_STATES]);
      if (townId) q.andWhere("e.town_id", townId);
      const rows = await q.orderBy([{ column: "e.deadline" }, { column: "e.id" }]).limit(limit);
      return rows.map(readEnterprise);
    },
    /** Open cases this person reported or answers for (分包责任人 by name). */
    async openFor(personId: number, personName: string, limit = 50): Promise<Enterprise[]> {
      const rows = await onFile(db)
        .whereNull("e.closed_at")
        .andWhere((w) => w.where("e.reported_by", personId).orWhere("e.responsible", personName))
        .orderBy([{ column: "e.deadline" }, { column: "e.id" }])
        .limit(limit);
      return rows.map(readEnterprise);
    },
    /** A town's cases on file (not withdrawn), in the order reported. */
    async listByTown(townId: number): Promise<Enterprise[]> {
      const rows = await onFile(db).where("e.town_id", townId).orderBy("e.id");
      return rows.map(readEnterprise);
    },
    /** Every case on file (not withdrawn). */
    async listAll(): Promise<Enterprise[]> {
      const rows = await onFile(db).orderBy("e.id");
      return rows.map(readEnterprise);
    },
  };
}

/** Where an enterprise is counted in 进度. */
const countedOf = (e: Enterprise): CountedFields => ({
  town_id: e.townId,
  type: e.type,
  requirement: e.requirement,
  state: e.state,
  closed_at: e.closedAt,
  deadline: e.deadline,
  withdrawn_at: e.withdrawnAt,
});

import type { IsoDate } from "../domain/dates.js";
import type { Enterprise } from "../domain/enterprise.js";
import type { ProgressCell } from "../domain/progress-stats.js";
import { FINISHED_STATES } from "../domain/transitions.js";
import type { Db } from "./db.js";
import {
  type EnterprisePatch,
  type EnterpriseRow,
  enterpriseRow,
  enterpriseWithTown,
  readEnterprise,
  readHistoryRow,
  toEnterprise,
} from "./enterprise-row.js";
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
  | "reopenedAt"
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
  /** Every write leaves the row as it now is in the history: a month's ledger is rebuilt from it (domain/ledger-as-of.ts). */
  const remember = (row: EnterpriseRow, at: string) =>
    sql.run("insert into enterprise_history (enterprise_id, town_id, at, row_json) values (?, ?, ?, ?)", [
      row.id,
      row.town_id,
      at,
      JSON.stringify(row),
    ]);
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
      const stored = enterpriseRow.parse(row);
      const inserted = toEnterprise({ ...stored, town_name: townName });
      await adjustProgressCounts(db, countedOf(inserted), 1);
      await remember(stored, e.reportedAt);
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
      // % and _ are what people wrote, not wildcards: escaped, with the escape named for SQLite.
      const pattern = `%${text.replace(/[\\%_]/g, "\\$&")}%`;
      const q = base(db).whereRaw("e.name like ? escape '\\'", [pattern]);
      if (townId) q.andWhere("e.town_id", townId);
      const rows = await q.orderBy("e.id", "desc").limit(limit);
      return rows.map(readEnterprise);
    },
    async update(id: number, patch: EnterprisePatch): Promise<Enterprise> {
      const moves = COUNTED_COLUMNS.some((c) => c in patch);
      const before = moves ? await this.byId(id) : undefined;
      await db("enterprises").where({ id }).update(patch);
      const raw = await base(db).where("e.id", id).first();
      if (raw === undefined) throw new Error(`enterprise ${id} to update is not on file`);
      const { town_name, ...row } = enterpriseWithTown.parse(raw);
      const after = toEnterprise({ ...row, town_name });
      // A note that only touches updated_at changes nothing a ledger shows.
      if (Object.keys(patch).some((k) => k !== "updated_at")) await remember(row, row.updated_at);
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
    /**
     * Every enterprise of a town as it stood at `instant` (ISO): the last row its history holds up to
     * then, in report order. Rebuilt from history, so the same instant always gives the same rows.
     */
    async townAsOf(townId: number, instant: string): Promise<Enterprise[]> {
      const rows = await sql.all(
        `select h.row_json, t.name as town_name from enterprise_history h join towns t on t.id = h.town_id
         where h.id in (select max(id) from enterprise_history where town_id = ? and at <= ? group by enterprise_id)
         order by h.enterprise_id`,
        [townId, instant],
      );
      return rows.map(readHistoryRow);
    },
    /** These enterprises as they stood at `instant` (absent when not yet reported then). */
    async manyAsOf(ids: readonly number[], instant: string): Promise<Map<number, Enterprise>> {
      const found = new Map<number, Enterprise>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await db("enterprise_history as h")
          .join("towns as t", "t.id", "h.town_id")
          .select("h.row_json", "t.name as town_name")
          .whereIn(
            "h.id",
            db("enterprise_history")
              .max("id")
              .whereIn("enterprise_id", chunk)
              .andWhere("at", "<=", instant)
              .groupBy("enterprise_id"),
          );
        for (const r of rows) {
          const e = readHistoryRow(r);
          found.set(e.id, e);
        }
      }
      return found;
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

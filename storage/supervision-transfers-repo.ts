import { z } from "zod";
import type { IsoDate } from "../domain/dates.js";
import {
  ENTERPRISE_TYPES,
  type EnterpriseType,
  INITIAL_STATE,
  PROGRESS_STATES,
  type ProgressState,
  REQUIREMENTS,
  type Requirement,
} from "../domain/enums.js";
import {
  serialNo,
  TRANSFER_KIND_NAMES,
  TRANSFER_PREFIX,
  type TransferKind,
} from "../domain/supervision-transfer.js";
import { COUNTERS, nextNumber } from "./counters.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

/** A problem found by district supervision and handed to the town (移交), tracked to 销号 (ledger 2). */
export interface Transfer {
  id: number;
  transferNo: string;
  kind: TransferKind;
  enterpriseId: number;
  caseNo: string;
  enterpriseName: string;
  village: string;
  type: EnterpriseType;
  townId: number;
  townName: string;
  problem: string;
  requirement: Requirement;
  deadline: IsoDate;
  responsible: string;
  state: ProgressState;
  finishedOn: IsoDate | null;
  transferredOn: IsoDate;
  transferredBy: number | null;
  closedAt: string | null;
}

const base = (db: Db) =>
  db("transfers as x")
    .join("enterprises as e", "e.id", "x.enterprise_id")
    .join("towns as t", "t.id", "x.town_id")
    .select(
      "x.*",
      "e.case_no",
      "e.name as enterprise_name",
      "e.village",
      "e.type",
      "t.name as town_name",
      // One state per enterprise: a transfer is where its enterprise is (反馈 moves the case itself).
      "e.state as case_state",
      "e.finished_on as case_finished_on",
    );

const transferRow = rowSchema("transfers", {
  id: col.int,
  transfer_no: col.text,
  kind: z.enum(TRANSFER_KIND_NAMES),
  enterprise_id: col.int,
  case_no: col.text,
  enterprise_name: col.text,
  village: col.text,
  type: z.enum(ENTERPRISE_TYPES),
  town_id: col.int,
  town_name: col.text,
  problem: col.text,
  requirement: z.enum(REQUIREMENTS),
  deadline: col.text,
  responsible: col.text,
  case_state: z.enum(PROGRESS_STATES),
  case_finished_on: col.text.nullable(),
  transferred_on: col.text,
  transferred_by: col.int.nullable(),
  closed_at: col.text.nullable(),
});

const toTransfer = (raw: unknown): Transfer => {
  const r = transferRow.parse(raw);
  return {
    id: r.id,
    transferNo: r.transfer_no,
    kind: r.kind,
    enterpriseId: r.enterprise_id,
    caseNo: r.case_no,
    enterpriseName: r.enterprise_name,
    village: r.village,
    type: r.type,
    townId: r.town_id,
    townName: r.town_name,
    problem: r.problem,
    requirement: r.requirement,
    deadline: r.deadline,
    responsible: r.responsible,
    state: r.case_state,
    finishedOn: r.case_finished_on,
    transferredOn: r.transferred_on,
    transferredBy: r.transferred_by,
    closedAt: r.closed_at,
  };
};

const idRow = rowSchema("transfers", { id: col.int });

export function createTransfersRepo(db: Db) {
  return {
    async add(t: {
      enterpriseId: number;
      townId: number;
      taskId: number | null;
      problem: string;
      requirement: Requirement;
      deadline: IsoDate;
      responsible: string;
      transferredOn: IsoDate;
      at: string;
      by: number;
      /** 'town' unless handed to 公安 or the 区政府. */
      kind?: TransferKind;
    }): Promise<Transfer> {
      const seq = await nextNumber(db, COUNTERS.transfer);
      const [row] = await db("transfers")
        .insert({
          transfer_no: serialNo(TRANSFER_PREFIX, seq),
          seq,
          kind: t.kind ?? "town",
          enterprise_id: t.enterpriseId,
          town_id: t.townId,
          task_id: t.taskId,
          problem: t.problem,
          requirement: t.requirement,
          deadline: t.deadline,
          responsible: t.responsible,
          state: INITIAL_STATE,
          transferred_on: t.transferredOn,
          transferred_at: t.at,
          transferred_by: t.by,
          updated_at: t.at,
        })
        .returning("id");
      const transfer = await this.byId(idRow.parse(row).id);
      if (!transfer) throw new Error(`transfer ${serialNo(TRANSFER_PREFIX, seq)} was not recorded`);
      return transfer;
    },
    async byId(id: number): Promise<Transfer | undefined> {
      const r = await base(db).where("x.id", id).first();
      return r ? toTransfer(r) : undefined;
    },
    async byNo(no: string): Promise<Transfer | undefined> {
      const r = await base(db).where("x.transfer_no", no.toUpperCase()).first();
      return r ? toTransfer(r) : undefined;
    },
    async update(
      id: number,
      patch: {
        state?: ProgressState;
        finishedOn?: IsoDate | null;
        closedAt?: string;
        closedBy?: number;
        at: string;
      },
    ): Promise<Transfer> {
      const row: Record<string, unknown> = { updated_at: patch.at };
      if (patch.state) row.state = patch.state;
      if (patch.finishedOn !== undefined) row.finished_on = patch.finishedOn;
      if (patch.closedAt) row.closed_at = patch.closedAt;
      if (patch.closedBy) row.closed_by = patch.closedBy;
      await db("transfers").where({ id }).update(row);
      const transfer = await this.byId(id);
      if (!transfer) throw new Error(`transfer ${id} to update is not on file`);
      return transfer;
    },
    /** Transfers not yet closed, of one town or all, oldest first. */
    async open(townId?: number): Promise<Transfer[]> {
      const q = base(db).whereNull("x.closed_at");
      if (townId) q.andWhere("x.town_id", townId);
      return (await q.orderBy("x.id")).map(toTransfer);
    },
    async forEnterprise(enterpriseId: number): Promise<Transfer[]> {
      return (await base(db).where("x.enterprise_id", enterpriseId).orderBy("x.id")).map(toTransfer);
    },
    /**
     * Every transfer made up to `until` (inclusive), in the order made, optionally of one town: the
     * rows of ledger 2, whose 完成情况 is the enterprise's (domain transferLedgerRow).
     */
    async madeUntil(filter: { until?: IsoDate; townId?: number } = {}): Promise<Transfer[]> {
      // 附件2 tracks what the towns were handed to rectify; 公安 and 区政府 transfers are tracked apart.
      const q = base(db).where("x.kind", "town");
      if (filter.until) q.where("x.transferred_on", "<=", filter.until);
      if (filter.townId) q.andWhere("x.town_id", filter.townId);
      return (await q.orderBy("x.id")).map(toTransfer);
    },
  };
}

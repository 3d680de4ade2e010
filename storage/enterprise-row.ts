import { z } from "zod";
import type { Enterprise } from "../domain/enterprise.js";
import { ENTERPRISE_TYPES, PERMITS, PROGRESS_STATES, REQUIREMENTS, WATER_AIR } from "../domain/enums.js";
import { col, type RowOf, rowSchema } from "./row-schema.js";

/** An enterprises row, checked: the only place that knows the column names and their values. */
export const enterpriseRow = rowSchema("enterprises", {
  id: col.int,
  case_no: col.text,
  town_id: col.int,
  name: col.text,
  name_key: col.text,
  village: col.text,
  type: z.enum(ENTERPRISE_TYPES),
  scale: col.text,
  materials: col.text,
  water_air: z.enum(WATER_AIR),
  permits: z.enum(PERMITS),
  requirement: z.enum(REQUIREMENTS),
  deadline: col.text,
  responsible: col.text,
  remarks: col.text.nullable(),
  state: z.enum(PROGRESS_STATES),
  finished_on: col.text.nullable(),
  closed_at: col.text.nullable(),
  closed_by: col.int.nullable(),
  reopen_count: col.int,
  reopened_at: col.text.nullable(),
  withdrawn_at: col.text.nullable(),
  withdrawn_by: col.int.nullable(),
  withdraw_reason: col.text.nullable(),
  site_lat: col.real.nullable(),
  site_lng: col.real.nullable(),
  reported_at: col.text,
  reported_on: col.text,
  reported_by: col.int.nullable(),
  updated_at: col.text,
});
export type EnterpriseRow = RowOf<typeof enterpriseRow>;

/** The row with its town's name (the join every read makes). */
export const enterpriseWithTown = enterpriseRow.extend({ town_name: col.text });

/** What a write may change: any column but the key. */
export type EnterprisePatch = Partial<Omit<EnterpriseRow, "id">>;

/** An enterprise from a row of the join with its town, checked. */
export const readEnterprise = (raw: unknown): Enterprise => toEnterprise(enterpriseWithTown.parse(raw));

export function toEnterprise(row: RowOf<typeof enterpriseWithTown>): Enterprise {
  return {
    id: row.id,
    caseNo: row.case_no,
    townId: row.town_id,
    townName: row.town_name,
    name: row.name,
    village: row.village,
    type: row.type,
    scale: row.scale,
    materials: row.materials,
    waterAir: row.water_air,
    permits: row.permits,
    requirement: row.requirement,
    deadline: row.deadline,
    responsible: row.responsible,
    remarks: row.remarks,
    state: row.state,
    finishedOn: row.finished_on,
    closedAt: row.closed_at,
    reopenCount: row.reopen_count,
    reopenedAt: row.reopened_at,
    withdrawnAt: row.withdrawn_at,
    withdrawReason: row.withdraw_reason,
    siteLat: row.site_lat,
    siteLng: row.site_lng,
    reportedAt: row.reported_at,
    reportedOn: row.reported_on,
    reportedBy: row.reported_by,
    updatedAt: row.updated_at,
  };
}

/** A row of enterprise_history: the enterprises row as it was after one write (see enterprises-repo). */
const historyRow = rowSchema("enterprise_history", {
  row_json: col.json(z.record(z.string(), z.unknown())),
  town_name: col.text,
});

/**
 * An enterprise as the history holds it at one moment. A column added to enterprises after the
 * entry was written reads as null there (a new column must be nullable or have a default here).
 */
export const readHistoryRow = (raw: unknown): Enterprise => {
  const { row_json, town_name } = historyRow.parse(raw);
  const missing = Object.fromEntries(Object.keys(enterpriseRow.schema.shape).map((k) => [k, null]));
  return toEnterprise({ ...enterpriseRow.parse({ ...missing, ...row_json }), town_name });
};

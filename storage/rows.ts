import type { Enterprise } from "../domain/enterprise.js";

/** Row ↔ domain mapping for enterprises; the only place that knows the column names. */
export interface EnterpriseRow {
  id: number;
  case_no: string;
  town_id: number;
  town_name?: string;
  name: string;
  name_key: string;
  village: string;
  type: string;
  scale: string;
  materials: string;
  water_air: string;
  permits: string;
  requirement: string;
  deadline: string;
  responsible: string;
  remarks: string | null;
  state: string;
  finished_on: string | null;
  closed_at: string | null;
  closed_by: number | null;
  reopen_count: number;
  site_lat: number | null;
  site_lng: number | null;
  reported_at: string;
  reported_on: string;
  reported_by: number | null;
  updated_at: string;
}

export function toEnterprise(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    caseNo: row.case_no,
    townId: row.town_id,
    townName: row.town_name ?? "",
    name: row.name,
    village: row.village,
    type: row.type as Enterprise["type"],
    scale: row.scale,
    materials: row.materials,
    waterAir: row.water_air as Enterprise["waterAir"],
    permits: row.permits as Enterprise["permits"],
    requirement: row.requirement as Enterprise["requirement"],
    deadline: row.deadline,
    responsible: row.responsible,
    remarks: row.remarks,
    state: row.state as Enterprise["state"],
    finishedOn: row.finished_on,
    closedAt: row.closed_at,
    reopenCount: Number(row.reopen_count),
    siteLat: row.site_lat,
    siteLng: row.site_lng,
    reportedAt: row.reported_at,
    reportedOn: row.reported_on,
    reportedBy: row.reported_by,
    updatedAt: row.updated_at,
  };
}

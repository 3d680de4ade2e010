import type { IsoDate } from "./dates.js";
import type { EnterpriseType, Permits, ProgressState, Requirement, WaterAir } from "./enums.js";

/** One enterprise on file (一企一档的卡片), as the domain sees it. */
export interface Enterprise {
  id: number;
  caseNo: string;
  townId: number;
  townName: string;
  name: string;
  village: string;
  type: EnterpriseType;
  scale: string;
  materials: string;
  waterAir: WaterAir;
  permits: Permits;
  requirement: Requirement;
  deadline: IsoDate;
  responsible: string;
  remarks: string | null;
  state: ProgressState;
  finishedOn: IsoDate | null;
  /** ISO instant of 销号, null while open. */
  closedAt: string | null;
  reopenCount: number;
  /** ISO instant of the last 反弹 (or reopening transfer), null if never reopened. */
  reopenedAt: string | null;
  /** ISO instant of 撤回 (a report made by mistake): kept on file, counted nowhere. */
  withdrawnAt: string | null;
  withdrawReason: string | null;
  siteLat: number | null;
  siteLng: number | null;
  reportedAt: string;
  reportedOn: IsoDate;
  reportedBy: number | null;
  updatedAt: string;
}

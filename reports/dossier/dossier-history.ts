import { chineseDate } from "../../domain/dates.js";
import type { AuditRecord } from "../../storage/audit-repo.js";
import type { DossierHistoryEntry } from "./dossier-pdf.js";

const ACTION_WORDS: Record<string, string> = {
  report: "上报",
  report_despite_duplicate: "上报（同名仍报）",
  ledger_import: "台账导入",
  progress: "进展",
  note: "进展说明",
  photo: "照片",
  photo_accept: "采信照片",
  location: "厂址定位",
  close: "销号",
  reopen: "反弹",
};

type Rec = Pick<AuditRecord, "at" | "personName" | "action" | "before" | "after" | "note">;
const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** What happened, in a line a reader of the dossier understands. */
function detailOf(r: Rec): string {
  const before = obj(r.before);
  const after = obj(r.after);
  const note = r.note ? `；${r.note}` : "";
  switch (r.action) {
    case "progress": {
      const done = typeof after.finishedOn === "string" ? `（${chineseDate(after.finishedOn)}）` : "";
      return `${before.state ?? ""} → ${after.state ?? ""}${done}${note}`;
    }
    case "report":
    case "report_despite_duplicate":
    case "ledger_import":
      return `建档，整治要求：${after.requirement ?? ""}，整治期限：${
        typeof after.deadline === "string" ? chineseDate(after.deadline) : ""
      }${note}`;
    case "location":
      return `北纬${Number(after.lat).toFixed(4)}°，东经${Number(after.lng).toFixed(4)}°${note}`;
    case "photo":
      return `上传照片${note}`;
    default:
      return r.note ?? "";
  }
}

/** The audit log of one enterprise as the dossier's 处理记录. */
export function dossierHistory(records: Rec[]): DossierHistoryEntry[] {
  return records.map((r) => ({
    at: r.at,
    who: r.personName ?? "系统",
    action: ACTION_WORDS[r.action] ?? r.action,
    detail: detailOf(r),
  }));
}

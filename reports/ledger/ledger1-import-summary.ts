import type { DuplicateInFile, RejectedCell } from "./ledger1-import.js";

export interface ImportSummaryInput {
  /** Rows taken in (or, for a check without the database, rows that would be). */
  accepted: number;
  /** New cases made (an import into the database; absent for a check). */
  created?: number;
  /** Rows already on file: the first ones at least (the summary names SUMMARY_LINES) … */
  duplicatesInDb?: { row: number; name: string; caseNo: string }[];
  /** … and how many in all, when the list above holds only the first. */
  duplicatesInDbTotal?: number;
  duplicatesInFile: DuplicateInFile[];
  rejected: RejectedCell[];
  reinterpreted: { row: number; label: string; from: string; to: string }[];
}

/** Lines named under each heading; the rest are counted. */
export const SUMMARY_LINES = 20;

function capped(lines: string[], total = lines.length): string[] {
  return total <= SUMMARY_LINES
    ? lines
    : [...lines.slice(0, SUMMARY_LINES), `……另有 ${total - SUMMARY_LINES} 条`];
}

/**
 * The Chinese answer to an import, for chat and the CLI: what came in, what was on file already, and
 * every bad cell by its address so the town can fix the sheet and send it again.
 */
export function formatImportSummary(s: ImportSummaryInput): string {
  const rejectedRows = new Set(s.rejected.map((r) => r.row)).size;
  const onFile = s.duplicatesInDbTotal ?? s.duplicatesInDb?.length ?? 0;
  const out = [
    s.created !== undefined
      ? `台账导入完成：新建 ${s.created} 家，已在册 ${onFile} 家，` +
        `表内重复 ${s.duplicatesInFile.length} 行，有误 ${rejectedRows} 行。`
      : `台账检查完成：可导入 ${s.accepted} 行，表内重复 ${s.duplicatesInFile.length} 行，有误 ${rejectedRows} 行。`,
  ];
  if (s.rejected.length > 0) {
    out.push("", "有误的单元格（改正后可重新导入，已导入的不会重复）：");
    out.push(...capped(s.rejected.map((r) => `· ${r.cell}：${r.reason}`)));
  }
  if (s.duplicatesInFile.length > 0) {
    out.push("", "表内重复（只导入第一行）：");
    out.push(...capped(s.duplicatesInFile.map((d) => `· 第${d.row}行 ${d.name}（同第${d.firstRow}行）`)));
  }
  if (s.duplicatesInDb && onFile > 0) {
    out.push("", "已在册，未改动（进展请用「进展」命令）：");
    out.push(
      ...capped(
        s.duplicatesInDb.map((d) => `· 第${d.row}行 ${d.name} → ${d.caseNo}`),
        onFile,
      ),
    );
  }
  if (s.reinterpreted.length > 0) {
    out.push("", "按规范写法登记：");
    out.push(...capped(s.reinterpreted.map((r) => `· 第${r.row}行 ${r.label}“${r.from}”按“${r.to}”`)));
  }
  return out.join("\n");
}

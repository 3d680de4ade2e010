import type { Db } from "../../storage/db.js";
import type { Ledger1Import } from "./ledger1-import.js";
import {
  type DuplicateInDb,
  insertLedgerRows,
  type LedgerDbImport,
  type LedgerDbImportOptions,
} from "./ledger1-import-db.js";
import { SUMMARY_LINES } from "./ledger1-import-summary.js";

/**
 * How far a chunked import got, saved with each chunk. Its size does not grow with the file: counts,
 * and only the rows already on file that the summary names — so saving it costs the same at row 100
 * as at row 19,900 (an earlier draft kept every created case and rewrote them all per chunk).
 */
export interface ImportProgress {
  /** Valid rows (parsed.rows, in file order) handled so far. */
  done: number;
  created: number;
  duplicatesInDb: number;
  /** The first rows found already on file (as many as the summary names). */
  duplicatesShown: DuplicateInDb[];
}

export const NO_PROGRESS: ImportProgress = { done: 0, created: 0, duplicatesInDb: 0, duplicatesShown: [] };

/**
 * Stores the next `chunkRows` valid rows after `progress` in `trx` (the chunk's own short
 * transaction) and returns the progress to save in the same transaction: a chunk and its progress
 * commit together, so an import stopped anywhere carries on after its last chunk — no row twice,
 * none lost. The file must be parsed the same way each time (it is: the same bytes, the same rules).
 */
export async function importLedgerChunk(
  trx: Db,
  parsed: Ledger1Import,
  opts: LedgerDbImportOptions,
  progress: ImportProgress,
  chunkRows: number,
): Promise<ImportProgress> {
  const rows = parsed.rows.slice(progress.done, progress.done + chunkRows);
  const step: Pick<LedgerDbImport, "created" | "duplicatesInDb"> = { created: [], duplicatesInDb: [] };
  await insertLedgerRows(trx, rows, opts, step);
  const room = Math.max(0, SUMMARY_LINES - progress.duplicatesShown.length);
  return {
    done: progress.done + rows.length,
    created: progress.created + step.created.length,
    duplicatesInDb: progress.duplicatesInDb + step.duplicatesInDb.length,
    duplicatesShown: [...progress.duplicatesShown, ...step.duplicatesInDb.slice(0, room)],
  };
}

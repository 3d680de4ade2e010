import { startWorker } from "../../base/worker-thread.js";
import { type Ledger1Import, LedgerFormatError } from "./ledger1-import.js";

export interface ParseRequest {
  bytes: Uint8Array;
  campaignYear: number;
}

/** What the worker posts: slices of the result, then `done` — or why it could not. */
export type ParseReply =
  | { rows: Ledger1Import["rows"] }
  | { rejected: Ledger1Import["rejected"] }
  | { duplicatesInFile: Ledger1Import["duplicatesInFile"] }
  | { done: Pick<Ledger1Import, "town" | "date" | "headerRow"> }
  | { refused: string }
  | { failed: string };

/** A workbook within XLSX_LIMITS parses in well under this; more would be a worker gone wrong. */
const HEAP_MB = 768;

/**
 * importLedger1 in a worker thread: the same reading and the same checks, while the main thread goes
 * on answering chats. A file that is not a ledger is refused with the same LedgerFormatError; a worker
 * that fails or runs out of memory rejects (the job that asked is tried again later).
 * @example const parsed = await parseLedgerOffThread(bytes, { campaignYear: 2017 });
 */
export function parseLedgerOffThread(
  bytes: Uint8Array,
  opts: { campaignYear: number },
): Promise<Ledger1Import> {
  const request: ParseRequest = { bytes, campaignYear: opts.campaignYear };
  const worker = startWorker(new URL("./ledger-parse-worker", import.meta.url), import.meta.url, {
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
  });
  const result: Ledger1Import = {
    town: null,
    date: null,
    headerRow: 0,
    rows: [],
    rejected: [],
    duplicatesInFile: [],
  };
  return new Promise<Ledger1Import>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    // The worker sends a slice at a time and waits for this before the next (ledger-parse-worker.ts).
    const more = (_taken: number) => worker.postMessage("more");
    worker.on("message", (m: ParseReply) => {
      if ("rows" in m) more(result.rows.push(...m.rows));
      else if ("rejected" in m) more(result.rejected.push(...m.rejected));
      else if ("duplicatesInFile" in m) more(result.duplicatesInFile.push(...m.duplicatesInFile));
      else if ("done" in m) settle(() => resolve({ ...result, ...m.done }));
      else if ("refused" in m) settle(() => reject(new LedgerFormatError(m.refused)));
      else settle(() => reject(new Error(`ledger parse worker failed: ${m.failed}`)));
    });
    worker.on("error", (err) => settle(() => reject(err)));
    worker.on("exit", (code) =>
      settle(() => reject(new Error(`ledger parse worker ended (${code}) before it finished`))),
    );
  });
}

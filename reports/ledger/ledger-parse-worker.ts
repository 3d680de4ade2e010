import { once } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import { workerInput } from "../../base/worker-thread.js";
import type { ParseReply, ParseRequest } from "./ledger-parse-thread.js";
import { importLedger1, LedgerFormatError } from "./ledger1-import.js";

/**
 * The worker thread's side of parseLedgerOffThread: reads the workbook here (exceljs holds the CPU for
 * seconds on a large file) and posts what it found in slices, one at a time: the next only when the
 * main thread asks for it, so taking them in never holds the main thread for more than a slice (all
 * posted at once, a port delivers them in one go: a quarter of a second for 5,000 rows).
 */
const input = workerInput<ParseRequest>(workerData, import.meta.url);
const post = (m: ParseReply) => parentPort?.postMessage(m);
const SLICE = 250;

/** Posts a slice and waits until the main thread asks for the next. */
async function slice(m: ParseReply): Promise<void> {
  post(m);
  if (parentPort) await once(parentPort, "message");
}

try {
  const parsed = await importLedger1(Buffer.from(input.bytes), { campaignYear: input.campaignYear });
  for (let i = 0; i < parsed.rows.length; i += SLICE) await slice({ rows: parsed.rows.slice(i, i + SLICE) });
  for (let i = 0; i < parsed.rejected.length; i += SLICE)
    await slice({ rejected: parsed.rejected.slice(i, i + SLICE) });
  for (let i = 0; i < parsed.duplicatesInFile.length; i += SLICE)
    await slice({ duplicatesInFile: parsed.duplicatesInFile.slice(i, i + SLICE) });
  post({ done: { town: parsed.town, date: parsed.date, headerRow: parsed.headerRow } });
} catch (error) {
  post(
    error instanceof LedgerFormatError
      ? { refused: error.message }
      : { failed: String((error as Error)?.stack ?? error) },
  );
}

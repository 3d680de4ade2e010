import { z } from "zod";
import { today } from "../../base/clock.js";
import { NotFoundError } from "../../base/errors.js";
import { parseLedgerOffThread } from "../../reports/ledger/ledger-parse-thread.js";
import {
  type ImportProgress,
  importLedgerChunk,
  NO_PROGRESS,
} from "../../reports/ledger/ledger1-import-chunks.js";
import { assertTownOf, reinterpretedOf } from "../../reports/ledger/ledger1-import-db.js";
import { formatImportSummary } from "../../reports/ledger/ledger1-import-summary.js";
import { createTownsRepo } from "../../storage/towns-repo.js";
import { type FileJobArgs, type FileJobEnv, type FileJobResult, JobStopped } from "./file-job-types.js";

/** Rows per chunk: each chunk is one short transaction (tens of milliseconds), never the whole file. */
export const IMPORT_CHUNK_ROWS = 25;
/** A progress message once an import has run this long since the last word to the chat. */
export const IMPORT_PROGRESS_EVERY_MS = 10_000;

const progressSchema: z.ZodType<ImportProgress> = z.object({
  done: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  duplicatesInDb: z.number().int().nonnegative(),
  duplicatesShown: z.array(z.object({ row: z.number(), name: z.string(), caseNo: z.string() })),
});

/**
 * 导入台账 after the message that brought the file: the workbook is read in a worker thread (the
 * same importLedger1, its checks and answers), then stored a chunk at a time, each chunk in its own
 * transaction with the job's progress, so the bot answers everyone meanwhile and an import stopped or
 * killed anywhere carries on from its last chunk. The answer is the same summary as before.
 */
export async function buildLedgerImport(args: FileJobArgs, env: FileJobEnv): Promise<FileJobResult> {
  const town = await createTownsRepo(env.db).byId(Number(args.townId));
  if (!town) throw new NotFoundError("该镇（办）已不在名单中，台账未导入。");
  const bytes = await env.photos.readBySha(String(args.sha256));
  const campaignYear = Number(args.campaignYear);
  const parsed = await parseLedgerOffThread(bytes, { campaignYear });
  assertTownOf(parsed, town);
  const opts = {
    town,
    personId: env.job.personId,
    now: env.clock.now().toISOString(),
    today: today(env.clock),
    campaignYear,
    fileName: typeof args.fileName === "string" ? args.fileName : undefined,
  };
  const saved = progressSchema.safeParse(env.job.progress);
  let progress = saved.success ? saved.data : NO_PROGRESS;
  let lastWord = performance.now();
  while (progress.done < parsed.rows.length) {
    if (env.stopping()) throw new JobStopped();
    const from = progress;
    progress = await env.step(async (trx) => {
      const next = await importLedgerChunk(trx, parsed, opts, from, IMPORT_CHUNK_ROWS);
      if (performance.now() - lastWord < IMPORT_PROGRESS_EVERY_MS || next.done >= parsed.rows.length)
        return { progress: next };
      lastWord = performance.now();
      const text = `台账导入中：已处理 ${next.done} / ${parsed.rows.length} 行，完成后发送结果。`;
      return { progress: next, say: { key: `progress:${next.done}`, text } };
    });
  }
  const summary = formatImportSummary({
    accepted: progress.created,
    created: progress.created,
    duplicatesInDb: progress.duplicatesShown,
    duplicatesInDbTotal: progress.duplicatesInDb,
    duplicatesInFile: parsed.duplicatesInFile,
    rejected: parsed.rejected,
    reinterpreted: reinterpretedOf(parsed),
  });
  return { messages: [{ message: { kind: "text", text: summary } }] };
}

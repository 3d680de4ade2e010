import { formatCaseNo } from "../../domain/case-number.js";
import type { IsoDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import type { Db } from "../../storage/db.js";
import { createRepos } from "../../storage/repos.js";
import { shortName, type Town } from "../../storage/towns-repo.js";
import {
  type DuplicateInFile,
  importLedger1,
  type Ledger1Import,
  LedgerFormatError,
  type RejectedCell,
} from "./ledger1-import.js";

export interface DuplicateInDb {
  row: number;
  name: string;
  /** The case already on file; it is left as it is (changes go through 进展/销号, which are audited). */
  caseNo: string;
}

export interface LedgerDbImport {
  town: Town;
  created: { row: number; enterprise: Enterprise }[];
  duplicatesInDb: DuplicateInDb[];
  duplicatesInFile: DuplicateInFile[];
  rejected: RejectedCell[];
  reinterpreted: { row: number; label: string; from: string; to: string }[];
}

export interface LedgerDbImportOptions {
  /** The town the ledger is imported for (the chat's or the one an admin named). */
  town: Town;
  /** Who imports: reported_by and the audit log's person. */
  personId: number | null;
  /** ISO instant of the import. */
  now: string;
  /** Calendar date of the import: 上报时间 of rows that leave it blank. */
  today: IsoDate;
  campaignYear: number;
  /** Shown in the audit note, e.g. 古荥镇3月台账.xlsx. */
  fileName?: string;
}

/**
 * Imports a town's existing 附件1 into the enterprises table in one transaction (the command line's
 * import; the bot's goes in chunks, importLedgerChunk). Valid rows whose enterprise is not yet on file
 * (same name key in the town) become new cases with their 完成情况; rows already on file are reported,
 * not changed — so importing the same file twice changes nothing.
 * A file naming another town in its `镇（办）：` line is refused whole.
 * @example const result = await importLedger1IntoDb(db, buffer, { town, personId, now, today, campaignYear: 2017 });
 */
export async function importLedger1IntoDb(
  db: Db,
  buffer: Buffer,
  opts: LedgerDbImportOptions,
): Promise<LedgerDbImport> {
  const parsed: Ledger1Import = await importLedger1(buffer, { campaignYear: opts.campaignYear });
  assertTownOf(parsed, opts.town);
  const result: LedgerDbImport = {
    town: opts.town,
    created: [],
    duplicatesInDb: [],
    duplicatesInFile: parsed.duplicatesInFile,
    rejected: parsed.rejected,
    reinterpreted: reinterpretedOf(parsed),
  };
  await db.transaction((trx) => insertLedgerRows(trx, parsed.rows, opts, result));
  return result;
}

/** A file naming another town in its `镇（办）：` line is refused whole. */
export function assertTownOf(parsed: Ledger1Import, town: Town): void {
  if (parsed.town && shortName(parsed.town) !== shortName(town.name)) {
    throw new LedgerFormatError(
      `该台账的镇（办）是“${parsed.town}”，不是“${town.name}”，未导入。请在${parsed.town}的群里导入，或改正表头。`,
    );
  }
}

/** Values read as a near miss, by row, for the summary. */
export const reinterpretedOf = (parsed: Ledger1Import) =>
  parsed.rows.flatMap((r) => r.reinterpreted.map((x) => ({ row: r.row, ...x })));

/**
 * Stores valid rows: a new case for each enterprise not yet on file, in `trx` (the caller's
 * transaction: the whole file, or one chunk of it). Rows already on file go to `into.duplicatesInDb`.
 */
export async function insertLedgerRows(
  trx: Db,
  rows: Ledger1Import["rows"],
  opts: LedgerDbImportOptions,
  into: Pick<LedgerDbImport, "created" | "duplicatesInDb">,
): Promise<void> {
  const repos = createRepos(trx);
  for (const row of rows) {
    const existing = await repos.enterprises.findByNameKey(opts.town.id, row.nameKey);
    if (existing) {
      into.duplicatesInDb.push({ row: row.row, name: row.report.name, caseNo: existing.caseNo });
      continue;
    }
    const seq = await repos.towns.nextCaseSeq(opts.town.id);
    const r = row.report;
    let enterprise = await repos.enterprises.insert(
      {
        caseNo: formatCaseNo(opts.town.code, seq),
        townId: opts.town.id,
        name: r.name,
        nameKey: row.nameKey,
        village: r.village,
        type: r.type,
        scale: r.scale,
        materials: r.materials,
        waterAir: r.waterAir,
        permits: r.permits,
        requirement: r.requirement,
        deadline: r.deadline,
        responsible: r.responsible,
        remarks: r.remarks ?? null,
        state: row.state,
        siteLat: null,
        siteLng: null,
        reportedAt: opts.now,
        reportedOn: row.reportedOn ?? opts.today,
        reportedBy: opts.personId,
      },
      opts.town.name,
    );
    if (row.finishedOn || row.closed) {
      enterprise = await repos.enterprises.update(enterprise.id, {
        finished_on: row.finishedOn,
        closed_at: row.closed ? opts.now : null,
        closed_by: row.closed ? opts.personId : null,
      });
    }
    await repos.audit.record({
      at: opts.now,
      personId: opts.personId,
      chatId: null,
      inboundId: null,
      action: "ledger_import",
      entityType: "enterprise",
      entityId: enterprise.id,
      after: enterprise,
      note: `台账导入${opts.fileName ? `（${opts.fileName}）` : ""}第${row.row}行`,
    });
    into.created.push({ row: row.row, enterprise });
  }
}

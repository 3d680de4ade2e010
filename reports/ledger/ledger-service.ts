import type { Writable } from "node:stream";
import type { Clock } from "../../base/clock.js";
import { CAMPAIGN_TZ, today } from "../../base/clock.js";
import { InputError, NotFoundError } from "../../base/errors.js";
import { findCaseNo } from "../../domain/case-number.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { ledgerMoment, ledgerRows, monthKey, parseLedgerMonth } from "../../domain/ledger-as-of.js";
import type { ProofPolicy } from "../../domain/photo-proof.js";
import { transferLedgerRow } from "../../domain/supervision-transfer.js";
import { quoteValue } from "../../domain/text-limits.js";
import type { Db } from "../../storage/db.js";
import type { PhotoStore } from "../../storage/photo-store.js";
import { createRepos, type Repos } from "../../storage/repos.js";
import { createSubmissionsRepo } from "../../storage/submissions-repo.js";
import { createSupervisionRepos } from "../../storage/supervision-repos.js";
import type { Town } from "../../storage/towns-repo.js";
import { writeDistrictArchive } from "../dossier/district-archive.js";
import { buildTownDossierZip, dossierFileName } from "../dossier/dossier-archive.js";
import { dossierHistory } from "../dossier/dossier-history.js";
import type { DossierInput, DossierPhoto } from "../dossier/dossier-pdf.js";
import { renderDossierPdf } from "../dossier/dossier-pdf-thread.js";
import { ledger1FileName, ledger2FileName } from "./ledger-select.js";
import { importLedger1IntoDb, type LedgerDbImport } from "./ledger1-import-db.js";
import { buildLedger1Xlsx } from "./ledger1-xlsx.js";
import { buildLedger2Xlsx, DISTRICT_UNIT } from "./ledger2-xlsx.js";

export interface LedgerServiceDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  campaignYear: number;
  /** What a photo must be to prove completion (the bot's setting); the seed's defaults when unset. */
  proof?: ProofPolicy;
}

/** The month a ledger is asked for (none: as it stands now); a month that cannot be read is refused. */
export function ledgerMonthOf(monthText: string | undefined, campaignYear: number) {
  const month = monthText ? parseLedgerMonth(monthText, campaignYear) : null;
  if (monthText && !month) throw new InputError(`月份${quoteValue(monthText)}无法识别，如：3月、2017年3月`);
  return month;
}

/**
 * What the chat commands 台账 / 档案 / 导入台账 and the CLI need, over the database: files to send.
 * Errors are the core's InputError / NotFoundError with a Chinese message for the user.
 * @example const ledgers = createLedgerService({ db, photos: bot.photos, clock, campaignYear: 2017 });
 *          const { fileName, xlsx } = await ledgers.townLedger("花园口镇", "3月");
 */
export function createLedgerService(deps: LedgerServiceDeps) {
  const repos = () => createRepos(deps.db);

  async function townNamed(name: string): Promise<Town> {
    const town = await repos().towns.byName(name);
    if (!town) {
      const names = (await repos().towns.list()).map((t) => t.name).join("、");
      throw new NotFoundError(`没有找到镇（办）${quoteValue(name)}。可选：${names}`);
    }
    return town;
  }

  async function dossierInput(r: Repos, e: Enterprise): Promise<DossierInput> {
    const photos: DossierPhoto[] = [];
    for (const p of await r.photos.forEnterprise(e.id)) {
      const stored = await deps.photos.read(p.path).catch(() => Buffer.alloc(0));
      // A file that is not a picture is never drawn as one (dossier-pdf fits the others).
      photos.push({ ...p, bytes: p.isImage ? stored : Buffer.alloc(0) });
    }
    const history = dossierHistory(await r.audit.forEntity("enterprise", e.id));
    return {
      enterprise: e,
      history,
      photos,
      generatedAt: deps.clock.now().toISOString(),
      timeZone: CAMPAIGN_TZ,
      proof: deps.proof,
    };
  }

  return {
    /**
     * 台账 <镇名> [月份]: ledger 1 of one town — with a month, as the town submitted it (its 报送, or
     * the 23rd), rebuilt from history; without, as it stands now.
     */
    async townLedger(townName: string, monthText?: string) {
      const town = await townNamed(townName);
      const month = ledgerMonthOf(monthText, deps.campaignYear);
      const r = repos();
      const submission = month ? await createSubmissionsRepo(deps.db).of(town.id, monthKey(month)) : null;
      const moment = ledgerMoment(month, submission ?? null, {
        now: deps.clock.now().toISOString(),
        today: today(deps.clock),
      });
      const enterprises = ledgerRows(await r.enterprises.townAsOf(town.id, moment.instant), moment.date);
      const xlsx = await buildLedger1Xlsx({ town: town.name, date: moment.date, enterprises });
      return {
        town,
        date: moment.date,
        submitted: moment.submitted,
        rows: enterprises.length,
        fileName: ledger1FileName(town.name, moment.date),
        xlsx,
      };
    },

    /**
     * 督查台账 [月份]: the district's ledger 2, as of the month's 23rd (or now), each transfer with its
     * enterprise's 完成情况 at that moment.
     */
    async districtLedger(monthText?: string) {
      const month = ledgerMonthOf(monthText, deps.campaignYear);
      const moment = ledgerMoment(month, null, {
        now: deps.clock.now().toISOString(),
        today: today(deps.clock),
      });
      const transfers = await createSupervisionRepos(deps.db).transfers.madeUntil({ until: moment.date });
      const asOf = await repos().enterprises.manyAsOf(
        [...new Set(transfers.map((t) => t.enterpriseId))],
        moment.instant,
      );
      const rows = transfers.flatMap((t) => {
        const e = asOf.get(t.enterpriseId);
        return e && !e.withdrawnAt ? [transferLedgerRow(t, e)] : [];
      });
      const xlsx = await buildLedger2Xlsx({ unit: DISTRICT_UNIT, date: moment.date, rows });
      return { date: moment.date, rows: rows.length, fileName: ledger2FileName(moment.date), xlsx };
    },

    /** 档案 <案件编号>: one enterprise's 一企一档 PDF. */
    async dossier(caseText: string) {
      const caseNo = findCaseNo(caseText);
      if (!caseNo) throw new InputError("请写案件编号，如：档案 GY-0007");
      const r = repos();
      const e = await r.enterprises.byCaseNo(caseNo);
      if (!e) throw new NotFoundError(`没有找到案件 ${caseNo}`);
      const pdf = await renderDossierPdf(await dossierInput(r, e));
      return { enterprise: e, fileName: dossierFileName(e.caseNo, e.name), pdf };
    },

    /** 档案 <镇名>: every dossier of a town with its ledger, as one .zip. */
    async townDossiers(townName: string) {
      const town = await townNamed(townName);
      const r = repos();
      const enterprises = await r.enterprises.listByTown(town.id);
      const date = today(deps.clock);
      const ledgerXlsx = await buildLedger1Xlsx({
        town: town.name,
        date,
        enterprises: ledgerRows(enterprises, date),
      });
      async function* inputs() {
        for (const e of enterprises) yield await dossierInput(r, e);
      }
      const zip = await buildTownDossierZip(
        { town: town.name, generatedAt: deps.clock.now().toISOString(), ledgerXlsx },
        inputs(),
      );
      return { town, count: enterprises.length, fileName: `${town.name}一企一档.zip`, zip };
    },

    /** 档案 全区: the 8月29日 report — 附件1 per town, 附件2, charts, every dossier — streamed to `out`. */
    async districtArchive(out: Writable) {
      return writeDistrictArchive(
        {
          db: deps.db,
          clock: deps.clock,
          dossierInput: (e) => dossierInput(repos(), e),
          townLedger: (town) => this.townLedger(town.name),
          districtLedger: () => this.districtLedger(),
        },
        out,
      );
    },

    /** 导入台账 (with an .xlsx attached): a town's existing ledger 1 into the database. */
    async importTownLedger(
      buffer: Buffer,
      opts: { town: Town; personId: number | null; fileName?: string },
    ): Promise<LedgerDbImport> {
      const now = deps.clock.now();
      return importLedger1IntoDb(deps.db, buffer, {
        ...opts,
        now: now.toISOString(),
        today: today(deps.clock),
        campaignYear: deps.campaignYear,
      });
    },
  };
}

import type { Clock } from "../../base/clock.js";
import { CAMPAIGN_TZ, today } from "../../base/clock.js";
import { InputError, NotFoundError } from "../../base/errors.js";
import { findCaseNo } from "../../domain/case-number.js";
import type { Enterprise } from "../../domain/enterprise.js";
import type { Db } from "../../storage/db.js";
import type { PhotoStore } from "../../storage/photo-store.js";
import { createRepos, type Repos } from "../../storage/repos.js";
import type { Town } from "../../storage/towns-repo.js";
import { buildTownDossierZip, dossierFileName } from "../dossier/dossier-archive.js";
import { dossierHistory } from "../dossier/dossier-history.js";
import { buildDossierPdf, type DossierInput, type DossierPhoto } from "../dossier/dossier-pdf.js";
import { ledger1FileName, ledgerDate, ledgerRows, parseLedgerMonth } from "./ledger-select.js";
import { importLedger1IntoDb, type LedgerDbImport } from "./ledger1-import-db.js";
import { buildLedger1Xlsx } from "./ledger1-xlsx.js";

export interface LedgerServiceDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  campaignYear: number;
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
      throw new NotFoundError(`没有找到镇（办）“${name}”。可选：${names}`);
    }
    return town;
  }

  async function dossierInput(r: Repos, e: Enterprise): Promise<DossierInput> {
    const attached = await r.photos.forEnterprise(e.id);
    // The other cases holding the same bytes, for all the photos at once.
    const shared = await r.photos.sharedWith(e.id);
    const photos: DossierPhoto[] = [];
    for (const p of attached) {
      const bytes = await deps.photos.read(p.path).catch(() => Buffer.alloc(0));
      photos.push({
        bytes,
        receivedAt: p.attachedAt,
        takenAt: p.takenAt,
        gps: p.gpsLat !== null && p.gpsLng !== null ? { lat: p.gpsLat, lng: p.gpsLng } : null,
        reusedOn: shared.get(p.sha256) ?? [],
      });
    }
    const history = dossierHistory(await r.audit.forEntity("enterprise", e.id));
    return {
      enterprise: e,
      history,
      photos,
      generatedAt: deps.clock.now().toISOString(),
      timeZone: CAMPAIGN_TZ,
    };
  }

  return {
    /** 台账 <镇名> [月份]: ledger 1 of one town as of the month's 23rd (or today). */
    async townLedger(townName: string, monthText?: string) {
      const town = await townNamed(townName);
      const month = monthText ? parseLedgerMonth(monthText, deps.campaignYear) : null;
      if (monthText && !month) throw new InputError(`月份“${monthText}”无法识别，如：3月、2017年3月`);
      const date = ledgerDate(month, today(deps.clock));
      const enterprises = ledgerRows(await repos().enterprises.listByTown(town.id), date);
      const xlsx = await buildLedger1Xlsx({ town: town.name, date, enterprises });
      return { town, date, rows: enterprises.length, fileName: ledger1FileName(town.name, date), xlsx };
    },

    /** 档案 <案件编号>: one enterprise's 一企一档 PDF. */
    async dossier(caseText: string) {
      const caseNo = findCaseNo(caseText);
      if (!caseNo) throw new InputError("请写案件编号，如：档案 GY-0007");
      const r = repos();
      const e = await r.enterprises.byCaseNo(caseNo);
      if (!e) throw new NotFoundError(`没有找到案件 ${caseNo}`);
      const pdf = await buildDossierPdf(await dossierInput(r, e));
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

export type LedgerService = ReturnType<typeof createLedgerService>;

import type { Writable } from "node:stream";
import type { Clock } from "../../base/clock.js";
import { today } from "../../base/clock.js";
import { chineseDate, type IsoDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { REQUIREMENTS, type Requirement } from "../../domain/enums.js";
import { percent } from "../../domain/phone-text.js";
import { summarizeProgress, type TownProgress } from "../../domain/progress-stats.js";
import { isFinished } from "../../domain/transitions.js";
import type { Db } from "../../storage/db.js";
import { createRepos } from "../../storage/repos.js";
import type { Town } from "../../storage/towns-repo.js";
import { TOWNS_PER_CHART } from "../bulletin/bulletin-chart.js";
import { renderChartPng } from "../chart/echarts-render.js";
import { type BarRow, rankingChart } from "../chart/ranking-chart.js";
import { dossierFileName } from "./dossier-archive.js";
import type { DossierInput } from "./dossier-pdf.js";
import { renderDossierPdf } from "./dossier-pdf-thread.js";
import { createZipWriter } from "./zip-writer.js";

export interface DistrictArchiveDeps {
  db: Db;
  clock: Clock;
  /** One enterprise's dossier as 档案 <编号> makes it (photos read from the photo store). */
  dossierInput(e: Enterprise): Promise<DossierInput>;
  /** A town's 附件1 as it stands now, as 台账 <镇名> makes it: one ledger, however it is asked for. */
  townLedger(town: Town): Promise<{ fileName: string; xlsx: Buffer }>;
  /** 附件2 as it stands now, as 督查台账 makes it. */
  districtLedger(): Promise<{ fileName: string; xlsx: Buffer; rows: number }>;
}

export interface DistrictArchiveResult {
  date: IsoDate;
  folder: string;
  towns: number;
  enterprises: number;
  transfers: number;
}

/** The archive's top folder (and, with .zip, its file name): 惠济区小散乱污企业整治档案（2017年8月29日）. */
export const districtArchiveName = (date: IsoDate) => `惠济区小散乱污企业整治档案（${chineseDate(date)}）`;

/**
 * 档案 全区 — the report due by 8月29日 (惠环保〔2017〕2号 三（四）: 以图片、表格、一企一档的形式，将所有企业整治情况
 * 报领导小组办公室) as one .zip written to `out`: 说明.txt with the district's numbers; 表格/ with each
 * town's 附件1 and the district's 附件2; 图片/ with the progress charts; 一企一档/<镇>/ with every
 * enterprise's dossier (card, history, photos). Everything is as of today. Files are made one at a
 * time and streamed out (zip-writer.ts): 10,000 enterprises never hold more than one dossier in memory.
 * Reads the database and the photo store only, so it can run outside a message's transaction.
 */
export async function writeDistrictArchive(
  deps: DistrictArchiveDeps,
  out: Writable,
): Promise<DistrictArchiveResult> {
  const r = createRepos(deps.db);
  const date = today(deps.clock);
  const generatedAt = deps.clock.now();
  const mtime = generatedAt;
  const folder = districtArchiveName(date);
  const zip = createZipWriter(out);
  const towns = await r.towns.list();
  const progress = summarizeProgress(await r.enterprises.progressCells(date), towns);
  const ledger2 = await deps.districtLedger();

  await zip.add(`${folder}/说明.txt`, Buffer.from(summaryText(date, progress, ledger2.rows, generatedAt)), {
    mtime,
  });
  // 表格: the two ledgers of the seed, as of today, made as 台账 and 督查台账 make them.
  const byTown = new Map<number, Enterprise[]>();
  for (const town of towns) {
    byTown.set(town.id, await r.enterprises.listByTown(town.id));
    const ledger = await deps.townLedger(town);
    await zip.add(`${folder}/表格/附件1 排查台账/${ledger.fileName}`, ledger.xlsx, {
      mtime,
      compress: false,
    });
  }
  await zip.add(`${folder}/表格/附件2 ${ledger2.fileName}`, ledger2.xlsx, { mtime, compress: false });
  // 图片: how far each town and each kind of requirement has come.
  for (const chart of await progressCharts(date, progress, [...byTown.values()].flat())) {
    await zip.add(`${folder}/图片/${chart.name}.png`, chart.png, { mtime, compress: false });
  }
  // 一企一档: one dossier per enterprise, town by town, in the order reported.
  let enterprises = 0;
  for (const town of towns) {
    for (const e of byTown.get(town.id) ?? []) {
      const pdf = await renderDossierPdf(await deps.dossierInput(e));
      await zip.add(`${folder}/一企一档/${town.name}/${dossierFileName(e.caseNo, e.name)}`, pdf, {
        mtime,
        compress: false,
      });
      enterprises++;
    }
  }
  await zip.end();
  return { date, folder, towns: towns.length, enterprises, transfers: ledger2.rows };
}

/** What the reader sees first: the district's numbers and what the folders hold. */
function summaryText(date: IsoDate, progress: TownProgress[], transfers: number, at: Date): string {
  const sum = (f: (t: TownProgress) => number) => progress.reduce((a, t) => a + f(t), 0);
  const total = sum((t) => t.total);
  const finished = sum((t) => t.finished);
  const lines = [
    `惠济区小散乱污企业整治情况（截至${chineseDate(date)}）`,
    "",
    `全区在册 ${total} 家：整治完成 ${finished} 家（${percent(finished, total)}），销号 ${sum((t) => t.closed)} 家，逾期 ${sum((t) => t.overdue)} 家；督查移交问题 ${transfers} 件。`,
    "",
    "各镇（办）：",
    ...progress.map(
      (t) =>
        `${t.townName}：在册 ${t.total} 家，完成 ${t.finished} 家（${percent(t.finished, t.total)}），销号 ${t.closed} 家，逾期 ${t.overdue} 家`,
    ),
    "",
    "内容：",
    "表格/附件1 排查台账 — 各镇（办）排查台账，一镇（办）一份；",
    "表格/附件2 — 区督查跟踪台账；",
    "图片/ — 各镇（办）及各类整治要求的完成情况图；",
    "一企一档/ — 每家企业一份档案（基本情况、整治经过、现场照片），按镇（办）分目录。",
    "",
    `生成时间：${at.toISOString()}`,
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/** The pictures: completion per town (40 towns a picture), and per 整治要求 over the district. */
async function progressCharts(
  date: IsoDate,
  progress: TownProgress[],
  enterprises: Enterprise[],
): Promise<{ name: string; png: Buffer }[]> {
  const charts: { name: string; png: Buffer }[] = [];
  const pages = Math.max(1, Math.ceil(progress.length / TOWNS_PER_CHART));
  for (let page = 0; page < pages; page++) {
    const slice = progress.slice(page * TOWNS_PER_CHART, (page + 1) * TOWNS_PER_CHART);
    const suffix = pages > 1 ? `（${page + 1}／${pages}）` : "";
    const rows: BarRow[] = slice.map((t) => ({
      label: t.townName,
      value: t.total ? t.finished / t.total : 0,
      valueLabel: t.total ? undefined : "暂无案件",
      note: `逾期 ${t.overdue}`,
      alert: t.overdue > 0,
    }));
    const chart = await renderChartPng(
      rankingChart({
        title: `各镇（办）整治完成率${suffix}`,
        subtitle: `截至${chineseDate(date)}　完成＝手续办结、整改到位、拆除到位`,
        rows,
      }),
    );
    charts.push({ name: `各镇（办）整治完成率${suffix}`, png: chart.png });
  }
  const byRequirement = new Map<Requirement, { total: number; finished: number; closed: number }>(
    REQUIREMENTS.map((q) => [q, { total: 0, finished: 0, closed: 0 }]),
  );
  for (const e of enterprises) {
    const n = byRequirement.get(e.requirement);
    if (!n) continue;
    n.total++;
    if (isFinished(e.requirement, e.state)) n.finished++;
    if (e.closedAt) n.closed++;
  }
  const chart = await renderChartPng(
    rankingChart({
      title: "各类整治要求完成情况",
      subtitle: `截至${chineseDate(date)}　全区`,
      rows: [...byRequirement].map(([q, n]) => ({
        label: q,
        value: n.total ? n.finished / n.total : 0,
        valueLabel: n.total ? undefined : "暂无案件",
        note: `${n.total} 家`,
      })),
    }),
  );
  charts.push({ name: "各类整治要求完成情况", png: chart.png });
  return charts;
}

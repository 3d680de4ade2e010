import { pathToFileURL } from "node:url";
import { addDays, type IsoDate } from "../domain/dates.js";
import { renderWeeklyCharts } from "../reports/bulletin/bulletin-chart.js";
import { type CaseFacts, computeWeekStats } from "../reports/bulletin/bulletin-stats.js";
import { renderWeeklyBulletin, type WeeklyBulletinInput } from "../reports/bulletin/bulletin-text.js";
import { campaignMilestones, type TownWeekStats } from "../reports/bulletin/bulletin-types.js";

export interface BenchBulletinOptions {
  towns?: number;
  enterprises?: number;
  /** The stats query under test; default: generated cases counted in memory. */
  computeStats?: (week: { from: IsoDate; to: IsoDate }, today: IsoDate) => Promise<TownWeekStats[]>;
}

export interface BenchBulletinResult {
  totalMs: number;
  statsMs: number;
  textMs: number;
  chartMs: number;
  towns: number;
  textChars: number;
  /** Pictures (40 towns each). */
  charts: number;
  pngBytes: number;
  /** Width and the tallest height. */
  chartSize: [number, number];
}

/** Deterministic cases spread over the towns and the campaign's first months. */
export function generateCases(towns: number, count: number): CaseFacts[] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const out: CaseFacts[] = [];
  for (let i = 0; i < count; i++) {
    const reportedOn = addDays("2017-01-10", Math.floor(rand() * 68));
    const deadline = addDays(reportedOn, 15 + Math.floor(rand() * 60));
    const finished = rand() < 0.55 ? addDays(reportedOn, Math.floor(rand() * 60)) : null;
    const finishedOn = finished && finished <= "2017-03-19" ? finished : null;
    out.push({
      townName: `第${(i % towns) + 1}镇`,
      reportedOn,
      deadline,
      finishedOn,
      closedAt: finishedOn && rand() < 0.5 ? `${finishedOn}T08:00:00.000Z` : null,
    });
  }
  return out;
}

/**
 * Renders the 周通报 (text and chart) for `towns` towns from `enterprises` cases; target < 5 s.
 *
 * @example
 *   const r = await benchBulletin(); // { totalMs: 1800, … }
 */
export async function benchBulletin(options: BenchBulletinOptions = {}): Promise<BenchBulletinResult> {
  const towns = options.towns ?? 200;
  const week = { year: 2017, week: 11, from: "2017-03-13", to: "2017-03-19" };
  const today = "2017-03-20";
  const compute =
    options.computeStats ??
    (() => {
      const cases = generateCases(towns, options.enterprises ?? 100_000);
      return async (w: { from: IsoDate; to: IsoDate }, t: IsoDate) => computeWeekStats(cases, w, t);
    })();
  const t0 = performance.now();
  const stats = await compute(week, today);
  const t1 = performance.now();
  const input: WeeklyBulletinInput = { week, today, towns: stats, milestones: campaignMilestones(2017) };
  const text = renderWeeklyBulletin(input);
  const t2 = performance.now();
  const charts = await renderWeeklyCharts(input);
  const t3 = performance.now();
  return {
    totalMs: Math.round(t3 - t0),
    statsMs: Math.round(t1 - t0),
    textMs: Math.round(t2 - t1),
    chartMs: Math.round(t3 - t2),
    towns: stats.length,
    textChars: text.length,
    charts: charts.length,
    pngBytes: charts.reduce((n, c) => n + c.png.length, 0),
    chartSize: [charts[0]!.width, Math.max(...charts.map((c) => c.height))],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await benchBulletin();
  console.log(`周通报 for ${r.towns} towns: ${r.totalMs} ms (target < 5000)`, r);
}

import { pathToFileURL } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { CASE_STAGES } from "../domain/case-stage.js";
import { chartPngs, type RenderedChart } from "../reports/chart/echarts-render.js";
import { type WallTown, wallChartPages } from "../reports/chart/wall-chart.js";

export interface BenchWallResult {
  towns: number;
  enterprises: number;
  pages: number;
  /** Median over the runs: layout, ECharts, outlines, resvg, PNG for every page. */
  ms: number;
  /** Median over the runs: the same until the first page's PNG is ready (what a chat could send first). */
  firstMs: number;
  /** The same number of pixels as plain white pages through resvg and PNG (the floor). */
  blankMs: number;
  ratio: number;
  firstRatio: number;
}

/** Deterministic towns: `enterprises` cases spread over `towns`, stages and overdue mixed. */
export function generateWall(towns: number, enterprises: number): WallTown[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const out: WallTown[] = Array.from({ length: towns }, (_, t) => ({
    town: `第${t + 1}测试镇`,
    total: 0,
    finished: 0,
    closed: 0,
    overdue: 0,
    cases: [],
  }));
  for (let i = 0; i < enterprises; i++) {
    const town = out[i % towns]!;
    const stage = CASE_STAGES[Math.floor(rand() * 4)]!;
    const overdue = (stage === "待整治" || stage === "整治中") && rand() < 0.2;
    town.cases.push({ caseNo: `T-${i}`, name: `企业${i}`, stage, overdue });
    town.total++;
    if (stage === "已到位" || stage === "已销号") town.finished++;
    if (stage === "已销号") town.closed++;
    if (overdue) town.overdue++;
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * 挂图 for the district at 200 towns / 10,000 enterprises: every page as PNG, against resvg turning
 * white pages of the same size into PNG in the same run.
 */
export async function benchWallChart(towns = 200, enterprises = 10_000, runs = 3): Promise<BenchWallResult> {
  const input = { scope: "全区", date: "2017-03-20", towns: generateWall(towns, enterprises), detail: false };
  // Load fonts and ECharts.
  for await (const _ of chartPngs(wallChartPages({ ...input, towns: input.towns.slice(0, 2) }))) break;
  const times: number[] = [];
  const firsts: number[] = [];
  const blanks: number[] = [];
  let pages = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const drawn: RenderedChart[] = [];
    for await (const page of chartPngs(wallChartPages(input))) {
      if (drawn.length === 0) firsts.push(performance.now() - t0);
      drawn.push(page);
    }
    times.push(performance.now() - t0);
    pages = drawn.length;
    const t1 = performance.now();
    for (const d of drawn) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${d.width}" height="${d.height}"><rect width="100%" height="100%" fill="#fff"/></svg>`;
      new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
    }
    blanks.push(performance.now() - t1);
  }
  const ms = median(times);
  const firstMs = median(firsts);
  const blankMs = median(blanks);
  // The first page against one white page (the pages are all but equal in size).
  const firstRatio = firstMs / (blankMs / pages);
  return { towns, enterprises, pages, ms, firstMs, blankMs, ratio: ms / blankMs, firstRatio };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(await benchWallChart());
}

import { createRequire } from "node:module";
import type * as Echarts from "echarts";
import { CJK_FONT_FAMILY } from "./cjk-font.js";
import { outlineSvgText } from "./svg-text-outline.js";

/**
 * One chart as ECharts draws it: a plain JSON option (no functions, so the web board sends the very
 * same object to the browser) and the size it was laid out for, in CSS pixels.
 */
export interface ChartPage {
  option: Record<string, unknown>;
  width: number;
  height: number;
}

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

/** The font every chart names; on the server its glyphs come from the shipped file (svg-text-outline.ts). */
export const CHART_TEXT_STYLE = {
  fontFamily: `${CJK_FONT_FAMILY}, Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif`,
};

const require = createRequire(import.meta.url);
let echartsLib: typeof Echarts | undefined;

/**
 * ECharts, loaded on the first chart rather than at start, and as its one-file CommonJS build: that
 * loads in ~0.1 s of CPU, its ES modules (hundreds of files) in ~0.6 s. The same library either way.
 */
function echarts(): typeof Echarts {
  echartsLib ??= require("echarts") as typeof Echarts;
  return echartsLib;
}

/** ECharts' server-side renderer (no DOM): the page as SVG, its text turned into glyph outlines. */
export function chartSvg(page: ChartPage): string {
  return outlineSvgText(echartsSvg(page));
}

/** The SVG exactly as ECharts writes it, <text> and all (what a test reads the words from). */
export function echartsSvg(page: ChartPage): string {
  const chart = echarts().init(null, null, {
    renderer: "svg",
    ssr: true,
    width: page.width,
    height: page.height,
  });
  try {
    chart.setOption({ ...page.option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A chart page as PNG for the chat, `scale`× its CSS size (a 540-wide page at 2× is 1080 px: sharp
 * on a phone). The SVG is built here; resvg rasterises and sharp encodes on libuv's thread pool, so
 * the event loop stays free meanwhile (a district page is a few hundred ms of pixels).
 *
 * @example
 *   const { png } = await renderChartPng(rankingChart(input));
 */
export function renderChartPng(page: ChartPage, scale = 2): Promise<RenderedChart> {
  return rasterise(chartSvg(page), page.width * scale);
}

/**
 * Pages as PNGs, in order, as they are asked for. The first page is drawn on its own, so it is ready
 * after one page's work; from then on page n+1's SVG is built here while page n rasterises on the pool.
 *
 * @example
 *   for await (const { png } of chartPngs(wallChartPages(wall))) send(png);
 */
export async function* chartPngs(pages: ChartPage[], scale = 2): AsyncGenerator<RenderedChart> {
  const [first, ...rest] = pages;
  if (!first) return;
  yield await renderChartPng(first, scale);
  let drawing: Promise<RenderedChart> | undefined;
  for (const page of rest) {
    const next = renderChartPng(page, scale);
    // Awaited below, after the next page's SVG is built; until then a failure must not count as
    // unhandled (nor when the consumer stops early).
    next.catch(() => undefined);
    if (drawing) yield await drawing;
    drawing = next;
  }
  if (drawing) yield await drawing;
}

/** Every page as PNG, in order (chartPngs, gathered). */
export async function renderChartPngs(pages: ChartPage[], scale = 2): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for await (const chart of chartPngs(pages, scale)) out.push(chart);
  return out;
}

async function rasterise(svg: string, width: number): Promise<RenderedChart> {
  // Loaded on the first chart, not at start (sharp alone is ~0.15 s of CPU).
  const [{ renderAsync }, { default: sharp }] = await Promise.all([
    import("@resvg/resvg-js"),
    import("sharp"),
  ]);
  const image = await renderAsync(svg, {
    // No <text> is left in the SVG: nothing to look up.
    font: { loadSystemFonts: false },
    fitTo: { mode: "width", value: Math.round(width) },
    background: "#ffffff",
  });
  const { width: w, height: h } = image;
  // sharp (libspng + zlib-ng) writes the PNG in about half resvg's time and ~40 % smaller.
  const png = await sharp(image.pixels, { raw: { width: w, height: h, channels: 4 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { png, width: w, height: h };
}

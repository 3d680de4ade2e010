import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
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

/** ECharts' server-side renderer (no DOM): the page as SVG, its text turned into glyph outlines. */
export function chartSvg(page: ChartPage): string {
  return outlineSvgText(echartsSvg(page));
}

/** The SVG exactly as ECharts writes it, <text> and all (what a test reads the words from). */
export function echartsSvg(page: ChartPage): string {
  const chart = echarts.init(null, null, {
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
 * on a phone).
 *
 * @example
 *   const { png } = renderChartPng(rankingChartPages(input)[0]!);
 */
export function renderChartPng(page: ChartPage, scale = 2): RenderedChart {
  const resvg = new Resvg(chartSvg(page), {
    // No <text> is left in the SVG: nothing to look up.
    font: { loadSystemFonts: false },
    fitTo: { mode: "width", value: Math.round(page.width * scale) },
    background: "#ffffff",
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

import { CASE_STAGES, type CaseStage } from "../../domain/case-stage.js";
import { chineseDate, type IsoDate } from "../../domain/dates.js";
import { percent } from "../../domain/phone-text.js";
import { CHART_TEXT_STYLE, type ChartPage } from "./echarts-render.js";

/** One enterprise on the wall. */
export interface WallCase {
  caseNo: string;
  name: string;
  stage: CaseStage;
  overdue: boolean;
}

/** One town's row of the wall, with its numbers as 进度 counts them. */
export interface WallTown {
  town: string;
  total: number;
  finished: number;
  closed: number;
  overdue: number;
  cases: WallCase[];
}

export interface WallChartInput {
  /** '全区' or the town's name. */
  scope: string;
  date: IsoDate;
  towns: WallTown[];
  /** One town's wall: every case a card with its number and name. */
  detail: boolean;
}

export interface WallChartLayout {
  /** CSS pixels; 540 is the pushed picture's (drawn at 2×), the browser gives its own. */
  width?: number;
  /** Height a page may reach before the next begins; Infinity for one long page (the web board). */
  maxHeight?: number;
}

/** Stage colours: light enough for dark text on a card, apart enough to tell on a 10-pixel cell. */
export const STAGE_COLORS: Record<CaseStage, string> = {
  待整治: "#f4a58a",
  整治中: "#9dbcf5",
  已到位: "#8fd9a8",
  已销号: "#d5d9de",
};
const OVERDUE = "#b3261e";
const INK = "#1d2733";
const GREY = "#6b7480";
const HEADER = 74;
const FOOTER = 10;
const PAD = 8;

/** A piece of the wall that stays on one page: its height, and how to draw it at a y offset. */
interface Block {
  height: number;
  draw(y: number, out: Drawn): void;
}

/** What a page draws: cells per stage, overdue frames, cross-outs, and text at pixel positions. */
interface Drawn {
  cells: Record<CaseStage, number[][]>;
  overdue: number[][];
  /** Line segments that cross a case off: an ✕ over a cell, a stroke through a card's name. */
  crosses: number[][][];
  texts: Record<string, unknown>[];
}

interface TextLook {
  align: "left" | "right" | "center";
  fontSize: number;
  color: string;
  fontWeight?: "bold";
}

/**
 * A line of text at (x, y) of the wall, vertically centred there. A graphic element in page pixels
 * (the grid spans the page 1:1 below the header) rather than a label on a scatter point: ECharts
 * builds a symbol and a label model for every labelled point, which took two thirds of a district
 * page's time in ECharts (and drew the text at the scatter's 0.8 opacity).
 */
function text(out: Drawn, x: number, y: number, words: string, look: TextLook) {
  out.texts.push({
    type: "text",
    x,
    y: HEADER + y,
    z: 4,
    silent: true,
    style: {
      text: words,
      fontSize: look.fontSize,
      fontFamily: CHART_TEXT_STYLE.fontFamily,
      ...(look.fontWeight ? { fontWeight: look.fontWeight } : {}),
      fill: look.color,
      align: look.align,
      verticalAlign: "middle",
    },
  });
}

function districtBlocks(towns: WallTown[], width: number): { blocks: Block[]; cell: number } {
  const labelW = width >= 480 ? 92 : 76;
  const pitch = 12;
  const cell = 10;
  const cols = Math.max(5, Math.floor((width - labelW - PAD) / pitch));
  const rowH = 13;
  const blocks: Block[] = [];
  for (const t of towns) {
    const lines = Math.max(2, Math.ceil(t.cases.length / cols));
    const note = t.total
      ? `${percent(t.finished, t.total)}${t.overdue ? ` · 逾期${t.overdue}` : ""}`
      : "暂无案件";
    blocks.push({
      height: lines * rowH + 6,
      draw(y, out) {
        text(out, labelW - 6, y + rowH / 2, t.town, { align: "right", fontSize: 12, color: INK });
        text(out, labelW - 6, y + rowH * 1.5, note, {
          align: "right",
          fontSize: 10,
          color: t.overdue ? OVERDUE : GREY,
        });
        t.cases.forEach((c, i) => {
          const point = [labelW + (i % cols) * pitch + pitch / 2, y + Math.floor(i / cols) * rowH + rowH / 2];
          out.cells[c.stage].push(point);
          if (c.overdue) out.overdue.push(point);
          if (c.stage === "已销号") {
            const [x, y0] = point as [number, number];
            const h = cell / 2 - 1;
            out.crosses.push(
              [
                [x - h, y0 - h],
                [x + h, y0 + h],
              ],
              [
                [x + h, y0 - h],
                [x - h, y0 + h],
              ],
            );
          }
        });
      },
    });
  }
  return { blocks, cell };
}

function detailBlocks(cases: WallCase[], width: number): { blocks: Block[]; card: number[] } {
  const cols = width >= 480 ? 3 : 2;
  const gap = 6;
  const cardW = (width - 2 * PAD - (cols - 1) * gap) / cols;
  const cardH = 38;
  const fit = Math.max(3, Math.floor((cardW - 10) / 11));
  const blocks: Block[] = [];
  for (let row = 0; row * cols < cases.length; row++) {
    const slice = cases.slice(row * cols, (row + 1) * cols);
    blocks.push({
      height: cardH + gap,
      draw(y, out) {
        slice.forEach((c, i) => {
          const x = PAD + i * (cardW + gap);
          const point = [x + cardW / 2, y + cardH / 2];
          out.cells[c.stage].push(point);
          if (c.overdue) out.overdue.push(point);
          const head = `${c.caseNo}${c.overdue ? " · 逾期" : c.stage === "已销号" ? " · 已销号" : ""}`;
          const name = [...c.name].length > fit ? `${[...c.name].slice(0, fit - 1).join("")}…` : c.name;
          text(out, x + 6, y + 11, head, {
            align: "left",
            fontSize: 10,
            fontWeight: "bold",
            color: c.overdue ? OVERDUE : INK,
          });
          text(out, x + 6, y + 27, name, { align: "left", fontSize: 11, color: INK });
          if (c.stage === "已销号") {
            const w = [...name].length * 11;
            out.crosses.push([
              [x + 4, y + 27],
              [x + 8 + w, y + 27],
            ]);
          }
        });
      },
    });
  }
  return { blocks, card: [cardW, cardH] };
}

/** Packs blocks into pages no taller than `maxHeight` (a block taller than a page gets its own). */
function paginate(blocks: Block[], room: number): Block[][] {
  let page: Block[] = [];
  const pages: Block[][] = [page];
  let used = 0;
  for (const b of blocks) {
    if (used > 0 && used + b.height > room) {
      page = [];
      pages.push(page);
      used = 0;
    }
    page.push(b);
    used += b.height;
  }
  return pages;
}

function sums(towns: WallTown[]) {
  const s = { total: 0, finished: 0, closed: 0, overdue: 0 };
  for (const t of towns) {
    s.total += t.total;
    s.finished += t.finished;
    s.closed += t.closed;
    s.overdue += t.overdue;
  }
  return s;
}

/**
 * The wall chart (挂图): every enterprise a cell, grouped by town, coloured by stage, crossed out when
 * 销号, framed in red when overdue; the town's 完成率 beside it. With `detail`, one town's cases as
 * cards with number and name. Returns ECharts options in pixel coordinates (one unit = one CSS pixel),
 * plain JSON: the pushed PNG and the web board draw the same definition.
 *
 * @example
 *   const pages = wallChartPages({ scope: "全区", date: "2017-03-20", towns, detail: false });
 *   const pngs = pages.map((p) => renderChartPng(p));
 */
export function wallChartPages(input: WallChartInput, layout: WallChartLayout = {}): ChartPage[] {
  const width = Math.max(300, Math.round(layout.width ?? 540));
  const maxHeight = layout.maxHeight ?? 1400;
  const all = input.detail ? input.towns.flatMap((t) => t.cases) : [];
  const district = input.detail ? undefined : districtBlocks(input.towns, width);
  const detail = input.detail ? detailBlocks(all, width) : undefined;
  const blocks = district?.blocks ?? detail?.blocks ?? [];
  const pages = paginate(blocks, maxHeight - HEADER - FOOTER);
  const s = sums(input.towns);
  const subtitle = `${chineseDate(input.date)}　在册 ${s.total} 家　完成 ${s.finished}　销号 ${s.closed}　逾期 ${s.overdue}　完成率 ${percent(s.finished, s.total)}`;
  const symbolSize = district?.cell ?? detail?.card ?? 0;

  return pages.map((page, p) => {
    const out: Drawn = {
      cells: Object.fromEntries(CASE_STAGES.map((st) => [st, []])) as unknown as Drawn["cells"],
      overdue: [],
      crosses: [],
      texts: [],
    };
    let y = 0;
    for (const b of page) {
      b.draw(y, out);
      y += b.height;
    }
    if (blocks.length === 0) {
      text(out, width / 2, 20, "尚无上报企业", { align: "center", fontSize: 13, color: GREY });
      y = 40;
    }
    const bodyH = Math.max(y, 1);
    // Large mode draws a series as one path (10,000 cells in a blink); ECharts' SVG renderer fails on
    // an empty large series, so only a series with cells gets it.
    const large = (data: unknown[]) =>
      district && data.length > 0 ? { large: true, largeThreshold: 0 } : {};
    const series: Record<string, unknown>[] = CASE_STAGES.map((st) => ({
      name: st,
      type: "scatter",
      symbol: "rect",
      symbolSize,
      itemStyle: { color: STAGE_COLORS[st], opacity: 1 },
      ...large(out.cells[st]),
      silent: true,
      data: out.cells[st],
    }));
    series.push({
      name: "逾期",
      type: "scatter",
      symbol: "rect",
      symbolSize,
      itemStyle: {
        color: "rgba(0,0,0,0)",
        borderColor: OVERDUE,
        borderWidth: district ? 1.5 : 2,
        opacity: 1,
      },
      ...large(out.overdue),
      silent: true,
      data: out.overdue,
    });
    series.push({
      name: "销号线",
      // Segments, not symbols: ECharts' large mode draws them as one path (it cannot draw a path symbol).
      type: "lines",
      coordinateSystem: "cartesian2d",
      ...(out.crosses.length > 0 ? { large: true, largeThreshold: 0 } : {}),
      lineStyle: { color: GREY, width: district ? 1.2 : 1.4, opacity: 1 },
      // Over the cells and cards, whichever way each series is drawn.
      z: 3,
      // Every segment lies inside the grid anyway; a clip makes resvg draw the series on a layer of
      // its own the size of the page and mask it (about half the raster time of a district page).
      clip: false,
      silent: true,
      data: out.crosses.map((coords) => ({ coords })),
    });
    const pageNote = pages.length > 1 ? `（${p + 1}/${pages.length}）` : "";
    return {
      width,
      height: HEADER + bodyH + FOOTER,
      option: {
        textStyle: CHART_TEXT_STYLE,
        backgroundColor: "#ffffff",
        title: {
          text: `挂图作战 · ${input.scope}${pageNote}`,
          subtext: subtitle,
          left: PAD,
          top: 6,
          textStyle: { fontSize: 16, color: INK },
          subtextStyle: { fontSize: 11, color: GREY },
          itemGap: 6,
        },
        legend: {
          data: [...CASE_STAGES, "逾期"],
          left: PAD,
          top: 50,
          itemWidth: 12,
          itemHeight: 10,
          itemGap: 10,
          textStyle: { fontSize: 11, color: INK },
          selectedMode: false,
        },
        grid: { left: 0, right: 0, top: HEADER, bottom: FOOTER },
        xAxis: { type: "value", min: 0, max: width, show: false },
        yAxis: { type: "value", min: 0, max: bodyH, inverse: true, show: false },
        series,
        graphic: out.texts,
      },
    };
  });
}

import { Resvg } from "@resvg/resvg-js";
import { createTextDrawer } from "./chart-text.js";

/** One bar: a label (a town), a value 0…1 drawn as a bar, and an optional note at the right. */
export interface BarRow {
  label: string;
  value: number;
  /** Shown instead of the percentage (e.g. '暂无案件'). */
  valueLabel?: string;
  /** Right-hand note, e.g. '逾期 2'; drawn in red when `alert` is set. */
  note?: string;
  alert?: boolean;
}

export interface BarChartInput {
  title: string;
  subtitle?: string;
  rows: BarRow[];
  /** A label drawn stronger (the town whose group receives the chart). */
  highlight?: string;
  /** Output width in pixels; 1080 reads well on a phone. */
  widthPx?: number;
}

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

// Layout in CSS pixels of a 540-wide phone screen; the PNG is drawn at 2× for sharp text.
const W = 540;
const PAD = 20;
const ROW_H = 30;
const BAR_H = 16;
const LABEL_PX = 14;
const NOTE_W = 58;
const TITLE_PX = 20;

function barColor(value: number): string {
  if (value >= 0.8) return "#2e9d5b";
  if (value >= 0.5) return "#2f7fd1";
  return "#e08a1e";
}

/** Every piece of text on the chart, in drawing order (tests check the font has each glyph). */
export function chartStrings(input: BarChartInput): string[] {
  const out = [input.title, ...(input.subtitle ? [input.subtitle] : []), "0%", "50%", "100%", LEGEND];
  for (const row of input.rows)
    out.push(row.label, row.valueLabel ?? valueText(row.value), ...(row.note ? [row.note] : []));
  return out;
}

const LEGEND = "绿≥80%　蓝≥50%　橙<50%";
const clamp = (v: number): number => Math.max(0, Math.min(1, v));
const valueText = (v: number): string => `${(clamp(v) * 100).toFixed(1)}%`;

/** The chart as SVG, its text already turned into glyph outlines (see chart-text.ts). */
export function barChartSvg(input: BarChartInput): string {
  const text = createTextDrawer();
  const widest = Math.max(
    0,
    ...input.rows.map((r) => text.width(r.label, LABEL_PX, r.label === input.highlight)),
  );
  const labelW = Math.min(180, Math.max(48, widest + 10));
  const top = PAD + TITLE_PX + (input.subtitle ? 26 : 8) + 34;
  const barX = PAD + labelW;
  const barMax = W - PAD - NOTE_W - barX - 44; // room for the value text after the bar
  const height = top + input.rows.length * ROW_H + PAD + 16;
  const body: string[] = [
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text.draw(input.title, { x: PAD, y: PAD + TITLE_PX, size: TITLE_PX, fill: "#1d2733", bold: true }),
  ];
  if (input.subtitle) {
    body.push(text.draw(input.subtitle, { x: PAD, y: PAD + TITLE_PX + 24, size: 13, fill: "#5b6673" }));
  }
  for (const g of [0, 0.5, 1]) {
    const x = barX + g * barMax;
    body.push(
      `<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${top + input.rows.length * ROW_H}" stroke="#e3e7ec" stroke-width="1"/>`,
      text.draw(`${g * 100}%`, { x, y: top - 10, size: 10, fill: "#8a949f", anchor: "middle" }),
    );
  }
  input.rows.forEach((row, i) => {
    const y = top + i * ROW_H;
    const mid = y + ROW_H / 2;
    const strong = row.label === input.highlight;
    const v = clamp(row.value);
    if (strong)
      body.push(
        `<rect x="${PAD / 2}" y="${y + 1}" width="${W - PAD}" height="${ROW_H - 2}" rx="4" fill="#fff4d6"/>`,
      );
    body.push(
      text.draw(row.label, {
        x: barX - 8,
        y: mid + 5,
        size: LABEL_PX,
        fill: "#1d2733",
        anchor: "end",
        bold: strong,
      }),
      `<rect x="${barX}" y="${mid - BAR_H / 2}" width="${barMax}" height="${BAR_H}" rx="3" fill="#f0f2f5"/>`,
      `<rect x="${barX}" y="${mid - BAR_H / 2}" width="${Math.max(v > 0 ? 2 : 0, v * barMax).toFixed(1)}" height="${BAR_H}" rx="3" fill="${barColor(v)}"/>`,
      text.draw(row.valueLabel ?? valueText(v), {
        x: barX + v * barMax + 5,
        y: mid + 4.5,
        size: 12,
        fill: row.valueLabel ? "#8a949f" : "#1d2733",
      }),
    );
    if (row.note) {
      const fill = row.alert ? "#d0342c" : "#8a949f";
      body.push(text.draw(row.note, { x: W - PAD, y: mid + 4.5, size: 12, fill, anchor: "end" }));
    }
  });
  body.push(text.draw(LEGEND, { x: W - PAD, y: height - PAD / 2, size: 10, fill: "#a0a8b1", anchor: "end" }));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}">`,
    text.defs(),
    ...body,
    "</svg>",
  ].join("\n");
}

/**
 * A horizontal bar chart as PNG, Chinese drawn with the shipped Noto Sans SC (never a system font,
 * so a fresh server draws the same picture).
 *
 * @example
 *   const { png } = renderBarChart({ title: "周通报 完成率", rows: [{ label: "古荥镇", value: 0.75, note: "逾期 0" }] });
 */
export function renderBarChart(input: BarChartInput): RenderedChart {
  const widthPx = input.widthPx ?? 1080;
  const resvg = new Resvg(barChartSvg(input), {
    // No <text> is left in the SVG: glyphs are outlines from the shipped font, so no font lookup.
    font: { loadSystemFonts: false },
    fitTo: { mode: "width", value: widthPx },
    background: "#ffffff",
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

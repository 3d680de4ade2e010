import { Resvg } from "@resvg/resvg-js";
import { displayWidth } from "../domain/text-normalize.js";
import { CJK_FONT_BOLD, CJK_FONT_FAMILY, CJK_FONT_REGULAR } from "./cjk-font.js";

/** One bar: a label (a town), a value 0…1 drawn as a bar, and an optional note at the right. */
export interface BarRow {
  label: string;
  value: number;
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

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function barColor(value: number): string {
  if (value >= 0.8) return "#2e9d5b";
  if (value >= 0.5) return "#2f7fd1";
  return "#e08a1e";
}

/** The chart as SVG text (exported for tests and for a PDF later). */
export function barChartSvg(input: BarChartInput): string {
  const labelW = Math.min(
    160,
    Math.max(48, (Math.max(0, ...input.rows.map((r) => displayWidth(r.label))) * LABEL_PX) / 2 + 8),
  );
  const top = PAD + TITLE_PX + (input.subtitle ? 26 : 8) + 34;
  const barX = PAD + labelW;
  const barMax = W - PAD - NOTE_W - barX - 44; // room for the value text after the bar
  const height = top + input.rows.length * ROW_H + PAD + 16;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="${CJK_FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD}" y="${PAD + TITLE_PX}" font-size="${TITLE_PX}" font-weight="700" fill="#1d2733">${esc(input.title)}</text>`,
  ];
  if (input.subtitle) {
    out.push(
      `<text x="${PAD}" y="${PAD + TITLE_PX + 24}" font-size="13" fill="#5b6673">${esc(input.subtitle)}</text>`,
    );
  }
  // Gridlines at 0, 50 and 100 %.
  for (const g of [0, 0.5, 1]) {
    const x = barX + g * barMax;
    out.push(
      `<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${top + input.rows.length * ROW_H}" stroke="#e3e7ec" stroke-width="1"/>`,
      `<text x="${x}" y="${top - 10}" font-size="10" fill="#8a949f" text-anchor="middle">${g * 100}%</text>`,
    );
  }
  input.rows.forEach((row, i) => {
    const y = top + i * ROW_H;
    const mid = y + ROW_H / 2;
    const strong = row.label === input.highlight;
    const v = Math.max(0, Math.min(1, row.value));
    if (strong)
      out.push(
        `<rect x="${PAD / 2}" y="${y + 1}" width="${W - PAD}" height="${ROW_H - 2}" rx="4" fill="#fff4d6"/>`,
      );
    out.push(
      `<text x="${barX - 8}" y="${mid + 5}" font-size="${LABEL_PX}" text-anchor="end" fill="#1d2733"${strong ? ' font-weight="700"' : ""}>${esc(row.label)}</text>`,
      `<rect x="${barX}" y="${mid - BAR_H / 2}" width="${barMax}" height="${BAR_H}" rx="3" fill="#f0f2f5"/>`,
      `<rect x="${barX}" y="${mid - BAR_H / 2}" width="${Math.max(v > 0 ? 2 : 0, v * barMax).toFixed(1)}" height="${BAR_H}" rx="3" fill="${barColor(v)}"/>`,
      `<text x="${barX + v * barMax + 5}" y="${mid + 4.5}" font-size="12" fill="#1d2733">${(v * 100).toFixed(1)}%</text>`,
    );
    if (row.note) {
      out.push(
        `<text x="${W - PAD}" y="${mid + 4.5}" font-size="12" text-anchor="end" fill="${row.alert ? "#d0342c" : "#8a949f"}">${esc(row.note)}</text>`,
      );
    }
  });
  out.push(
    `<text x="${W - PAD}" y="${height - PAD / 2}" font-size="10" fill="#a0a8b1" text-anchor="end">绿≥80%　蓝≥50%　橙&lt;50%</text>`,
    "</svg>",
  );
  return out.join("\n");
}

/**
 * A horizontal bar chart as PNG, Chinese drawn with the shipped Noto Sans SC (no system fonts, so
 * a fresh server draws the same picture).
 *
 * @example
 *   const { png } = renderBarChart({ title: "周通报 完成率", rows: [{ label: "古荥镇", value: 0.75, note: "逾期 0" }] });
 */
export function renderBarChart(input: BarChartInput): RenderedChart {
  const widthPx = input.widthPx ?? 1080;
  const resvg = new Resvg(barChartSvg(input), {
    font: {
      loadSystemFonts: false,
      fontFiles: [CJK_FONT_REGULAR, CJK_FONT_BOLD],
      defaultFontFamily: CJK_FONT_FAMILY,
      sansSerifFamily: CJK_FONT_FAMILY,
    },
    fitTo: { mode: "width", value: widthPx },
    background: "#ffffff",
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

import { CHART_TEXT_STYLE, type ChartPage } from "./echarts-render.js";

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
  /** CSS width; the PNG is drawn at 2×. */
  width?: number;
}

const ROW_H = 30;
const INK = "#1d2733";
const GREY = "#8a949f";
export const RANKING_LEGEND = "绿≥80%　蓝≥50%　橙<50%";

export function barColor(value: number): string {
  if (value >= 0.8) return "#2e9d5b";
  if (value >= 0.5) return "#2f7fd1";
  return "#e08a1e";
}

const clamp = (v: number): number => Math.max(0, Math.min(1, v));

/**
 * The 完成率 ranking (周通报): one horizontal bar per town, its percentage after the bar, a note (逾期)
 * at the right, as an ECharts option (plain JSON, drawn by echarts-render.ts).
 *
 * @example
 *   renderChartPng(rankingChart({ title: "周通报 完成率", rows: [{ label: "古荥镇", value: 0.75, note: "逾期 0" }] }))
 */
export function rankingChart(input: BarChartInput): ChartPage {
  const width = input.width ?? 540;
  const top = input.subtitle ? 90 : 64;
  const height = top + Math.max(1, input.rows.length) * ROW_H + 34;
  const labelW = Math.min(140, Math.max(48, ...input.rows.map((r) => [...r.label].length * 14 + 12)));
  return {
    width,
    height,
    option: {
      textStyle: CHART_TEXT_STYLE,
      backgroundColor: "#ffffff",
      title: {
        text: input.title,
        subtext: input.subtitle ?? "",
        left: 16,
        top: 10,
        textStyle: { fontSize: 18, color: INK },
        subtextStyle: { fontSize: 12, color: "#5b6673" },
      },
      grid: { left: labelW + 16, right: 110, top, bottom: 34 },
      xAxis: {
        type: "value",
        min: 0,
        max: 100,
        interval: 50,
        position: "top",
        axisLabel: { formatter: "{value}%", fontSize: 10, color: GREY },
        splitLine: { lineStyle: { color: "#e3e7ec" } },
      },
      yAxis: [
        {
          type: "category",
          inverse: true,
          axisTick: { show: false },
          axisLine: { show: false },
          axisLabel: { fontSize: 13, color: INK },
          data: input.rows.map((r) =>
            r.label === input.highlight
              ? { value: r.label, textStyle: { fontWeight: "bold", backgroundColor: "#fff4d6", padding: 3 } }
              : r.label,
          ),
        },
        {
          type: "category",
          inverse: true,
          position: "right",
          axisTick: { show: false },
          axisLine: { show: false },
          axisLabel: { fontSize: 12, color: GREY },
          data: input.rows.map((r) => ({
            value: r.note ?? "",
            textStyle: { color: r.alert ? "#d0342c" : GREY },
          })),
        },
      ],
      series: [
        {
          type: "bar",
          barWidth: 16,
          showBackground: true,
          backgroundStyle: { color: "#f0f2f5", borderRadius: 3 },
          label: { show: true, position: "right", fontSize: 11, color: INK },
          data: input.rows.map((r) => ({
            value: clamp(r.value) * 100,
            itemStyle: { color: barColor(clamp(r.value)), borderRadius: 3 },
            label: r.valueLabel
              ? { formatter: r.valueLabel, color: GREY }
              : clamp(r.value) >= 0.85
                ? // No room after a long bar: the figure goes inside its end, in white.
                  {
                    formatter: `${(clamp(r.value) * 100).toFixed(1)}%`,
                    position: "insideRight",
                    color: "#fff",
                  }
                : { formatter: `${(clamp(r.value) * 100).toFixed(1)}%` },
          })),
        },
      ],
      graphic: [
        {
          type: "text",
          right: 16,
          bottom: 10,
          style: { text: RANKING_LEGEND, fontSize: 10, fill: "#a0a8b1" },
        },
      ],
    },
  };
}

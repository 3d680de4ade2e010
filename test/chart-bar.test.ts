import { inflateSync } from "node:zlib";
import * as fontkit from "fontkit";
import { describe, expect, test } from "vitest";
import { renderWeeklyCharts } from "../reports/bulletin/bulletin-chart.js";
import type { WeeklyBulletinInput } from "../reports/bulletin/bulletin-text.js";
import { campaignMilestones } from "../reports/bulletin/bulletin-types.js";
import { barChartSvg, chartStrings, renderBarChart } from "../reports/chart/chart-bar.js";
import { CJK_FONT_BOLD, CJK_FONT_REGULAR } from "../reports/chart/cjk-font.js";

const names = [
  "古荥镇",
  "花园口镇",
  "江山路街道",
  "长兴路街道",
  "新城街道",
  "迎宾路街道",
  "刘寨街道",
  "老鸦陈街道",
];
const input: WeeklyBulletinInput = {
  week: { year: 2017, week: 11, from: "2017-03-13", to: "2017-03-19" },
  today: "2017-03-20",
  milestones: campaignMilestones(2017),
  towns: names.map((town, i) => ({
    town,
    total: 40 + i * 13,
    newThisWeek: i,
    finishedThisWeek: i,
    closed: i,
    overdue: i % 3,
    completionRate: 1 - i / 8,
  })),
};

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) into its pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25], png[28]]).toEqual([8, 6, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString("ascii", at + 4, at + 8) === "IDAT") idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rgba[y * stride + x] = (cur + pred) & 0xff;
    }
  }
  return { width, height, rgba };
}

function darkPixels(
  img: { width: number; rgba: Buffer },
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      if (img.rgba[i]! < 100 && img.rgba[i + 1]! < 100 && img.rgba[i + 2]! < 100) n++;
    }
  return n;
}

describe("bar chart", () => {
  test("every character drawn has a glyph in the shipped font (no tofu)", () => {
    const strings = chartStrings({
      title: `周通报 ${input.week.year}年第${input.week.week}周 完成率排名`,
      subtitle: "3月13日—3月19日　全区在册 828 家　完成率 52.8%　逾期 9 家",
      rows: input.towns.map((t) => ({ label: t.town, value: t.completionRate, note: `逾期 ${t.overdue}` })),
    });
    const chars = new Set([...strings.join("")].filter((c) => c.trim() !== ""));
    expect(chars.size).toBeGreaterThan(40);
    for (const file of [CJK_FONT_REGULAR, CJK_FONT_BOLD]) {
      const font = fontkit.openSync(file) as fontkit.Font;
      const missing = [...chars].filter((c) => font.glyphForCodePoint(c.codePointAt(0)!).id === 0);
      expect(missing, file).toEqual([]);
    }
  });

  test("text becomes glyph outlines: one definition per glyph, placed with <use>", () => {
    const svg = barChartSvg({ title: "镇镇镇", rows: [{ label: "古荥镇", value: 0.5 }] });
    expect(svg).not.toContain("<text");
    expect(svg.match(/<path id="b\d+"/g)).toHaveLength(1); // the bold 镇 of the title, once
    expect(svg.match(/<path id="r\d+"/g)!.length).toBeGreaterThanOrEqual(3 + 3); // 古荥镇 + digits, %, .
  });

  test("a phone-width PNG with the town names actually drawn", () => {
    const [chart, ...more] = renderWeeklyCharts(input, { highlight: "古荥镇" });
    expect(more).toHaveLength(0);
    if (!chart) throw new Error("no chart");
    const img = decodePng(chart.png);
    expect(img.width).toBe(1080);
    expect([chart.width, chart.height]).toEqual([img.width, img.height]);
    // Layout: rows of 60 px (2×) under a 2×106 px header; labels in the left column.
    expect(img.height).toBe(2 * (20 + 20 + 26 + 34 + names.length * 30 + 20 + 16));
    const top = 2 * (20 + 20 + 26 + 34);
    for (let i = 0; i < names.length; i++) {
      const y = top + i * 60;
      expect(darkPixels(img, 0, y + 10, 340, y + 50), names[i]).toBeGreaterThan(150);
    }
    // Bars are coloured: green for the first (100 %), orange for the last (12.5 %).
    const pixel = (x: number, y: number) => [
      ...img.rgba.subarray((y * 1080 + x) * 4, (y * 1080 + x) * 4 + 3),
    ];
    expect(pixel(500, top + 30)).toEqual([0x2e, 0x9d, 0x5b]);
    expect(pixel(220, top + 7 * 60 + 30)).toEqual([0xe0, 0x8a, 0x1e]);
  });

  test("many towns: one picture per 40, each within Telegram's photo limits", () => {
    const many = {
      ...input,
      towns: Array.from({ length: 85 }, (_, i) => ({
        ...input.towns[0]!,
        town: `第${i + 1}镇`,
        completionRate: 1 - i / 85,
      })),
    };
    const charts = renderWeeklyCharts(many);
    expect(charts).toHaveLength(3);
    for (const c of charts) {
      expect(c.width + c.height).toBeLessThanOrEqual(10_000);
      expect(c.height / c.width).toBeLessThanOrEqual(20);
    }
    expect(charts[2]!.height).toBeLessThan(charts[0]!.height); // 5 towns on the last page
  });

  test("an empty chart still renders", () => {
    const chart = renderBarChart({ title: "无数据", rows: [] });
    expect(chart.width).toBe(1080);
    expect(chart.png.length).toBeGreaterThan(1000);
  });
});

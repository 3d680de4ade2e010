import { describe, expect, test } from "vitest";
import { renderWeeklyCharts } from "../reports/bulletin/bulletin-chart.js";
import type { WeeklyBulletinInput } from "../reports/bulletin/bulletin-text.js";
import { campaignMilestones } from "../reports/bulletin/bulletin-types.js";
import { chartSvg, echartsSvg, renderChartPng } from "../reports/chart/echarts-render.js";
import { rankingChart } from "../reports/chart/ranking-chart.js";
import { missingGlyphs, pixelsOf, svgWords } from "./helpers/chart-pixels.js";

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

const page = rankingChart({
  title: `周通报 ${input.week.year}年第${input.week.week}周 完成率排名`,
  subtitle: "3月13日—3月19日　全区在册 828 家　完成率 52.8%　逾期 9 家",
  rows: input.towns.map((t) => ({ label: t.town, value: t.completionRate, note: `逾期 ${t.overdue}` })),
});

describe("完成率 ranking chart (ECharts, server-side)", () => {
  test("every word drawn has a glyph in the shipped font (no tofu)", () => {
    const words = svgWords(echartsSvg(page));
    expect(words).toEqual(expect.arrayContaining(["古荥镇", "老鸦陈街道", "逾期 2", "100%", "50%"]));
    expect(missingGlyphs(words)).toEqual([]);
  });

  test("text becomes glyph outlines: one definition per glyph, placed with <use>", () => {
    const svg = chartSvg(rankingChart({ title: "镇镇镇", rows: [{ label: "古荥镇", value: 0.5 }] }));
    expect(svg).not.toContain("<text");
    expect(svg.match(/<path id="b\d+"/g)).toHaveLength(1); // the bold 镇 of the title, once
    expect(svg.match(/<path id="r\d+"/g)!.length).toBeGreaterThanOrEqual(3 + 3); // 古荥 + digits, %, .
  });

  test("a phone-width PNG with the town names actually drawn and bars coloured by rate", async () => {
    const [chart, ...more] = await renderWeeklyCharts(input, { highlight: "古荥镇" });
    expect(more).toHaveLength(0);
    const img = await pixelsOf(chart!.png);
    expect([img.width, img.height]).toEqual([1080, 2 * page.height]);
    // Rows of 30 CSS px under a 90 px header, drawn at 2×; labels left of the bars.
    const top = 2 * 90;
    for (let i = 0; i < names.length; i++) {
      const y = top + i * 60;
      expect(img.dark(0, y + 10, 300, y + 50), names[i]).toBeGreaterThan(150);
    }
    // Green for the first (100 %), orange for the last (12.5 %), at the bars' start.
    const barX = 2 * (5 * 14 + 12 + 16) + 10;
    expect(img.at(barX, top + 30)).toEqual([0x2e, 0x9d, 0x5b]);
    expect(img.at(barX, top + 7 * 60 + 30)).toEqual([0xe0, 0x8a, 0x1e]);
  });

  test("many towns: one picture per 40, each within Telegram's photo limits", async () => {
    const many = {
      ...input,
      towns: Array.from({ length: 85 }, (_, i) => ({
        ...input.towns[0]!,
        town: `第${i + 1}镇`,
        completionRate: 1 - i / 85,
      })),
    };
    const charts = await renderWeeklyCharts(many);
    expect(charts).toHaveLength(3);
    for (const c of charts) {
      expect(c.width + c.height).toBeLessThanOrEqual(10_000);
      expect(c.height / c.width).toBeLessThanOrEqual(20);
    }
    expect(charts[2]!.height).toBeLessThan(charts[0]!.height); // 5 towns on the last page
  });

  test("an empty chart still renders", async () => {
    const chart = await renderChartPng(rankingChart({ title: "无数据", rows: [] }));
    expect(chart.width).toBe(1080);
    expect(chart.png.length).toBeGreaterThan(1000);
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { CASE_STAGES } from "../domain/case-stage.js";
import { chartPngs, renderChartPngs } from "../reports/chart/echarts-render.js";
import { STAGE_COLORS, type WallTown, wallChartPages } from "../reports/chart/wall-chart.js";
import { pixelsOf } from "./helpers/chart-pixels.js";

/** 200 towns of 50: stages in turn, every 7th open case overdue. */
function district(): WallTown[] {
  return Array.from({ length: 200 }, (_, t) => {
    const cases = Array.from({ length: 50 }, (_, i) => {
      const stage = CASE_STAGES[(i + t) % 4] ?? "待整治";
      return { caseNo: `T${t}-${i}`, name: `企业${i}`, stage, overdue: i % 7 === 0 && (i + t) % 4 < 2 };
    });
    const finished = cases.filter((c) => c.stage === "已到位" || c.stage === "已销号").length;
    return {
      town: `第${t + 1}测试镇`,
      total: cases.length,
      finished,
      closed: cases.filter((c) => c.stage === "已销号").length,
      overdue: cases.filter((c) => c.overdue).length,
      cases,
    };
  });
}

const pages = wallChartPages({ scope: "全区", date: "2017-03-20", towns: district(), detail: false });
const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));

describe("the district's wall as pictures (200 towns / 10,000 enterprises)", () => {
  test("the bot keeps answering while the pages are drawn: an HTTP request is answered before the last page", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      let drawn = 0;
      const drawing = (async () => {
        for await (const _ of chartPngs(pages)) drawn++;
      })();
      const answer = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
      // Drawn synchronously, every page would be finished before the request could even be sent.
      const drawnWhenAnswered = drawn;
      await drawing;
      expect(answer).toBe("ok");
      expect(drawnWhenAnswered).toBeLessThan(pages.length);
      expect(drawn).toBe(pages.length);
    } finally {
      server.close();
    }
  });

  test("pages come in order, 1080 px wide, small enough for a phone on mobile data; cells, ✕ and names drawn", async () => {
    const charts = await renderChartPngs(pages);
    expect(charts.map((c) => c.height)).toEqual(pages.map((p) => 2 * p.height));
    for (const c of charts) {
      expect(c.width).toBe(1080);
      // Under 0.1 byte a pixel (a 1080 × 2800 page ≈ 300 KB); resvg's own PNG took ~0.13.
      expect(c.png.length / (c.width * c.height)).toBeLessThan(0.1);
    }
    // The first town's first line: its cells from x = 92 in steps of 12 (540 layout px, drawn at 2×).
    const img = await pixelsOf(charts[0]?.png ?? Buffer.alloc(0));
    const first = pages[0]?.option.series as { name: string; data: number[][] }[];
    const cell = (stage: string) => first.find((s) => s.name === stage)?.data[0] ?? [0, 0];
    // A cell's colour, away from its centre (where a 已销号 cell has its ✕) and its frame.
    for (const stage of ["待整治", "整治中", "已到位"] as const) {
      const [x = 0, y = 0] = cell(stage);
      expect(img.at(2 * x + 5, 2 * (74 + y) - 6)).toEqual(hex(STAGE_COLORS[stage]));
    }
    // The town's name in full ink (#1d2733): its glyphs' cores that dark, not faded to 80 %.
    let darkest = 255;
    for (let y = 2 * 74; y < 2 * (74 + 13); y++)
      for (let x = 2 * 20; x < 2 * 86; x++) darkest = Math.min(darkest, Math.max(...img.at(x, y)));
    expect(darkest).toBeLessThan(60);
    // A 已销号 cell is crossed: its centre is the cross's grey, darker than the cell.
    const [cx = 0, cy = 0] = cell("已销号");
    const centre = img.at(2 * cx, 2 * (74 + cy));
    const [r = 0, g = 0, b = 0] = hex(STAGE_COLORS.已销号);
    expect((centre[0] ?? 255) + (centre[1] ?? 255) + (centre[2] ?? 255)).toBeLessThan(r + g + b - 60);
  });
});

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { CASE_STAGES } from "../domain/case-stage.js";
import { echartsSvg } from "../reports/chart/echarts-render.js";
import { STAGE_COLORS, type WallTown, wallChartPages } from "../reports/chart/wall-chart.js";
import { loadWallChart } from "../reports/chart/wall-chart-data.js";
import type { Db } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { missingGlyphs, pixelsOf, svgWords } from "./helpers/chart-pixels.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, reportTwoCasesOneOverdue, seedDistrict, startTestBot } from "./helpers/test-bot.js";

function town(n: number, t: number): WallTown {
  const cases = Array.from({ length: n }, (_, i) => ({
    caseNo: `T${t}-${i}`,
    name: `企业${i}`,
    stage: CASE_STAGES[(i + t) % 4]!,
    overdue: i % 7 === 0 && (i + t) % 4 < 2,
  }));
  return {
    town: `第${t}测试镇`,
    total: n,
    finished: cases.filter((c) => c.stage === "已到位" || c.stage === "已销号").length,
    closed: cases.filter((c) => c.stage === "已销号").length,
    overdue: cases.filter((c) => c.overdue).length,
    cases,
  };
}

type Series = { name: string; data: unknown[] };
const seriesOf = (option: Record<string, unknown>) => option.series as Series[];

describe("the wall chart (挂图)", () => {
  test("200 towns / 10,000 enterprises: every enterprise one cell, on pages a phone and Telegram take", () => {
    const towns = Array.from({ length: 200 }, (_, t) => town(50, t + 1));
    const pages = wallChartPages({ scope: "全区", date: "2017-03-20", towns, detail: false });
    expect(pages.length).toBeGreaterThan(1);
    let cells = 0;
    let overdue = 0;
    for (const p of pages) {
      expect(p.width).toBe(540);
      expect(p.height).toBeLessThanOrEqual(1400);
      // Drawn at 2×: Telegram refuses photos whose width + height passes 10,000 px.
      expect(2 * (p.width + p.height)).toBeLessThanOrEqual(10_000);
      const series = seriesOf(p.option);
      for (const s of series) if ((CASE_STAGES as readonly string[]).includes(s.name)) cells += s.data.length;
      overdue += series.find((s) => s.name === "逾期")!.data.length;
    }
    expect(cells).toBe(10_000);
    expect(overdue).toBe(towns.reduce((a, t) => a + t.overdue, 0));
    // Each town named once, with its rate; the title says which page.
    const words = pages.flatMap((p) => svgWords(echartsSvg(p)));
    expect(words.filter((w) => w === "第17测试镇")).toHaveLength(1);
    expect(words).toContain(`挂图作战 · 全区（1/${pages.length}）`);
    expect(missingGlyphs(words)).toEqual([]);
    // The option is plain JSON: the web board sends the very same object to the browser.
    expect(JSON.parse(JSON.stringify(pages[0]!.option))).toEqual(pages[0]!.option);
  });

  test("a narrower page (a phone's browser) fits fewer cells per line but keeps every one", () => {
    const towns = [town(120, 1)];
    const [wide] = wallChartPages({ scope: "全区", date: "2017-03-20", towns, detail: false });
    const [narrow] = wallChartPages(
      { scope: "全区", date: "2017-03-20", towns, detail: false },
      { width: 360, maxHeight: Number.POSITIVE_INFINITY },
    );
    expect(narrow!.height).toBeGreaterThan(wide!.height);
    const count = (p: typeof wide) =>
      seriesOf(p!.option)
        .filter((s) => (CASE_STAGES as readonly string[]).includes(s.name))
        .reduce((a, s) => a + s.data.length, 0);
    expect(count(narrow)).toBe(120);
  });
});

describe.each(ENGINES)("挂图 in the chat (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Db;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir);
    await reportTwoCasesOneOverdue(t); // 顺发铸造厂 is now overdue
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  const images = (chat: string) =>
    t.chat.sent.filter((s) => s.target.chatId === chat && s.message.kind === "image");

  test("a town's people get their town's cases as cards; a change in chat changes the card's colour", async () => {
    const reply = await t.say("张三", GY_GROUP, "挂图");
    expect(reply).toBe("挂图作战 · 古荥镇（2017年3月10日）。发送「看板」获取网页版链接。");
    const [first] = images(GY_GROUP);
    const png = (first!.message as { bytes: Buffer }).bytes;
    let img = await pixelsOf(png);
    expect(img.width).toBe(1080);
    // The first card (GY-0001), right-hand end, away from its text: 待整治.
    const cardW = (540 - 16 - 12) / 3;
    const probe = [Math.round(2 * (8 + cardW - 8)), 2 * (74 + 19)] as const;
    const hex = (c: string) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16));
    expect(img.at(...probe)).toEqual(hex(STAGE_COLORS.待整治));

    await t.say("张三", GY_GROUP, "进展 GY-0001 正在拆除");
    await t.say("张三", GY_GROUP, "挂图");
    img = await pixelsOf((images(GY_GROUP).at(-1)!.message as { bytes: Buffer }).bytes);
    expect(img.at(...probe)).toEqual(hex(STAGE_COLORS.整治中));

    const words = svgWords(
      echartsSvg(
        wallChartPages(
          await loadWallChart(createRepos(db), {
            today: "2017-03-10",
            town: (await createRepos(db).towns.byName("古荥镇"))!,
          }),
        )[0]!,
      ),
    );
    expect(words).toEqual(
      expect.arrayContaining(["GY-0001", "黄河塑料加工厂", "GY-0002 · 逾期", "顺发铸造厂"]),
    );

    expect(await t.say("张三", GY_GROUP, "挂图 花园口镇")).toBe("您只能查看本镇（办）（古荥镇）的挂图。");
  });

  test("the district's wall shows each town's 完成率 as 进度 says it", async () => {
    await t.say("赵六", "领导小组群", "挂图");
    expect(images("领导小组群")).toHaveLength(1);
    const progress = await t.say("赵六", "领导小组群", "进度");
    const line = progress.split("\n").find((l) => l.includes("古荥镇"))!;
    const words = svgWords(
      echartsSvg(wallChartPages(await loadWallChart(createRepos(db), { today: "2017-03-10" }))[0]!),
    );
    const town = words.indexOf("古荥镇");
    expect(town).toBeGreaterThanOrEqual(0);
    // Right under the name: the rate and the overdue count, the same as 进度's line.
    expect(words[town + 1]).toBe("0.0% · 逾期1");
    expect(line).toContain("0.0%");
    expect(line).toMatch(/逾期\D*1/);
  });
});

describe("the README's pictures", () => {
  // UPDATE_DOCS=1 npx vitest run test/wall-chart.test.ts redraws them from the charts' own code.
  test.runIf(Boolean(process.env.UPDATE_DOCS))("sample 挂图 and 周通报 ranking", async () => {
    const { writeFileSync } = await import("node:fs");
    const { DEMO_TOWNS } = await import("../storage/demo-data.js");
    const { renderChartPng } = await import("../reports/chart/echarts-render.js");
    const { renderWeeklyCharts } = await import("../reports/bulletin/bulletin-chart.js");
    const { campaignMilestones } = await import("../reports/bulletin/bulletin-types.js");
    const towns = DEMO_TOWNS.map(([name], i) => ({ ...town(18 + ((i * 7) % 23), i + 1), town: name }));
    const [wall] = wallChartPages({ scope: "全区", date: "2017-03-20", towns, detail: false });
    writeFileSync("docs/sample-wall-chart.png", (await renderChartPng(wall!)).png);
    const [gy] = wallChartPages({ scope: "古荥镇", date: "2017-03-20", towns: [towns[0]!], detail: true });
    writeFileSync("docs/sample-wall-chart-town.png", (await renderChartPng(gy!)).png);
    const [ranking] = await renderWeeklyCharts(
      {
        week: { year: 2017, week: 11, from: "2017-03-13", to: "2017-03-19" },
        today: "2017-03-20",
        milestones: campaignMilestones(2017),
        towns: towns.map((t) => ({
          town: t.town,
          total: t.total,
          newThisWeek: 2,
          finishedThisWeek: 1,
          closed: t.closed,
          overdue: t.overdue,
          completionRate: t.finished / t.total,
        })),
      },
      { highlight: "古荥镇" },
    );
    writeFileSync("docs/sample-bulletin.png", ranking!.png);
  });
});

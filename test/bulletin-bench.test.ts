import { describe, expect, test } from "vitest";
import { benchBulletin, generateCases } from "../bench/bulletin.js";
import { computeWeekStats } from "../reports/bulletin/bulletin-stats.js";

describe("周通报 at district scale", () => {
  test("200 towns from 100,000 enterprises: text and charts within Telegram's limits", async () => {
    const r = await benchBulletin({ towns: 200, enterprises: 100_000 });
    expect(r.towns).toBe(200);
    expect(r.chartSize[0]).toBe(1080);
    expect(r.pngBytes).toBeGreaterThan(100_000);
    // Five pictures of 40 towns, each within Telegram's photo limits. How long it takes is the bench's
    // to say (npm run bench, against a baseline in the same run): a timed assertion fails on a busy machine.
    expect(r.charts).toBe(5);
    expect(r.chartSize[0] + r.chartSize[1]).toBeLessThanOrEqual(10_000);
  });

  test("the in-memory stats count what the bulletin says", () => {
    const stats = computeWeekStats(
      [
        {
          townName: "古荥镇",
          reportedOn: "2017-03-14",
          deadline: "2017-04-01",
          finishedOn: null,
          closedAt: null,
        },
        {
          townName: "古荥镇",
          reportedOn: "2017-02-01",
          deadline: "2017-03-01",
          finishedOn: null,
          closedAt: null,
        },
        {
          townName: "古荥镇",
          reportedOn: "2017-02-01",
          deadline: "2017-03-01",
          finishedOn: "2017-03-19",
          closedAt: null,
        },
        {
          townName: "古荥镇",
          reportedOn: "2017-01-20",
          deadline: "2017-02-01",
          finishedOn: "2017-01-30",
          closedAt: "2017-02-02T01:00:00.000Z",
        },
        {
          townName: "花园口镇",
          reportedOn: "2017-03-20",
          deadline: "2017-03-20",
          finishedOn: null,
          closedAt: null,
        },
      ],
      { from: "2017-03-13", to: "2017-03-19" },
      "2017-03-20",
      ["古荥镇", "花园口镇", "刘寨街道"],
    );
    expect(stats).toEqual([
      {
        town: "古荥镇",
        total: 4,
        newThisWeek: 1,
        finishedThisWeek: 1,
        closed: 1,
        overdue: 1,
        completionRate: 0.5,
      },
      {
        town: "花园口镇",
        total: 1,
        newThisWeek: 0,
        finishedThisWeek: 0,
        closed: 0,
        overdue: 0,
        completionRate: 0,
      },
      {
        town: "刘寨街道",
        total: 0,
        newThisWeek: 0,
        finishedThisWeek: 0,
        closed: 0,
        overdue: 0,
        completionRate: 0,
      },
    ]);
    expect(generateCases(3, 10)).toHaveLength(10);
  });
});

import { describe, expect, test } from "vitest";
import { delta, milestoneLines, percent, rankTowns } from "../reports/bulletin/bulletin-format.js";
import {
  renderDeadlineWarnings,
  renderLedgerHeadsUp,
  renderLedgerReminder,
  renderSubmissionStatus,
} from "../reports/bulletin/bulletin-reminders.js";
import {
  renderMonthlySummary,
  renderTownOverdueList,
  renderWeeklyBulletin,
} from "../reports/bulletin/bulletin-text.js";
import {
  type CaseLine,
  campaignMilestones,
  type TownMonthStats,
} from "../reports/bulletin/bulletin-types.js";

const towns = [
  {
    town: "古荥镇",
    total: 120,
    newThisWeek: 3,
    finishedThisWeek: 5,
    closed: 40,
    overdue: 0,
    completionRate: 0.75,
  },
  {
    town: "花园口镇",
    total: 8,
    newThisWeek: 0,
    finishedThisWeek: 1,
    closed: 2,
    overdue: 2,
    completionRate: 0.5,
  },
  {
    town: "老鸦陈街道",
    total: 36,
    newThisWeek: 12,
    finishedThisWeek: 0,
    closed: 9,
    overdue: 1,
    completionRate: 0.5,
  },
];
const month = (
  town: string,
  total: number,
  n: number,
  f: number,
  c: number,
  o: number,
  r: number,
): TownMonthStats => ({
  town,
  total,
  newThisMonth: n,
  finishedThisMonth: f,
  closed: c,
  overdue: o,
  completionRate: r,
});
const cases: CaseLine[] = [
  {
    caseNo: "GX-0012",
    name: "黄河塑料加工厂",
    requirement: "限期拆除",
    deadline: "2017-03-01",
    responsible: "张三",
  },
  {
    caseNo: "GX-0003",
    name: "顺发铸造厂",
    requirement: "整改完善",
    deadline: "2017-03-27",
    responsible: "李四",
  },
  {
    caseNo: "GX-0005",
    name: "宏达印刷",
    requirement: "补办手续",
    deadline: "2017-03-21",
    responsible: "王五",
  },
  {
    caseNo: "GX-0007",
    name: "新华汽修",
    requirement: "整改完善",
    deadline: "2017-03-19",
    responsible: "赵六",
  },
];

describe("周通报", () => {
  const text = renderWeeklyBulletin({
    week: { year: 2017, week: 7, from: "2017-02-13", to: "2017-02-19" },
    today: "2017-02-20",
    towns,
    milestones: campaignMilestones(2017),
  });

  test("ranked, with the district line and both count-downs", () => {
    expect(text).toBe(
      [
        "【周通报】2017年第7周（2月13日—2月19日）",
        "全区在册 164 家，本周新增 15，本周完成 6，累计销号 51，逾期 3，完成率 68.3%。",
        "距完成排查期限（2月28日）还有 8 天",
        "距整治情况总结上报期限（8月29日）还有 190 天",
        "",
        "1. 古荥镇：完成率 75.0% · 逾期 0 · 在册 120 · 新增 3 · 完成 5 · 销号 40",
        "2. 老鸦陈街道：完成率 50.0% · 逾期 1 · 在册 36 · 新增 12 · 完成 0 · 销号 9",
        "3. 花园口镇：完成率 50.0% · 逾期 2 · 在册 8 · 新增 0 · 完成 1 · 销号 2",
      ].join("\n"),
    );
  });

  test("one line per town, every number beside its label, nothing aligned with spaces", () => {
    const rows = text.split("\n").slice(5);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).not.toMatch(/\S {2,}/);
      expect(row).toMatch(/^\d+\. \S+：完成率 \S+ · 逾期 \d+ · 在册 \d+ · 新增 \d+ · 完成 \d+ · 销号 \d+$/);
    }
  });

  test("an empty district says zero, not NaN", () => {
    const empty = renderWeeklyBulletin({
      week: { year: 2017, week: 40, from: "2017-10-02", to: "2017-10-08" },
      today: "2017-10-09",
      towns: [],
      milestones: campaignMilestones(2017),
    });
    expect(empty).toBe(
      "【周通报】2017年第40周（10月2日—10月8日）\n全区在册 0 家，本周新增 0，本周完成 0，累计销号 0，逾期 0，完成率 0.0%。\n",
    );
  });
});

describe("月小结", () => {
  test("with the change against last month", () => {
    const text = renderMonthlySummary({
      month: "2017-03",
      today: "2017-04-01",
      towns: [month("古荥镇", 120, 10, 20, 40, 0, 0.75), month("花园口镇", 8, 0, 1, 2, 2, 0.5)],
      previous: [month("古荥镇", 110, 30, 15, 30, 1, 0.7), month("花园口镇", 8, 2, 1, 2, 1, 0.5)],
      milestones: campaignMilestones(2017),
    });
    expect(text).toBe(
      [
        "【月小结】2017年3月",
        "全区在册 128 家（↑10），本月新增 10（↓22），本月完成 21（↑5），累计销号 42（↑10），逾期 2（持平），完成率 73.4%（↑4.8）。",
        "括号内为与上月相比，完成率单位为百分点。",
        "距整治情况总结上报期限（8月29日）还有 150 天",
        "",
        "1. 古荥镇：完成率 75.0%（↑5.0） · 在册 120（↑10） · 新增 10 · 完成 20（↑5） · 销号 40（↑10） · 逾期 0（↓1）",
        "2. 花园口镇：完成率 50.0%（持平） · 在册 8（持平） · 新增 0 · 完成 1（持平） · 销号 2（持平） · 逾期 2（↑1）",
      ].join("\n"),
    );
  });

  test("the first month has no arrows", () => {
    const text = renderMonthlySummary({
      month: "2017-02",
      today: "2017-03-01",
      towns: [month("古荥镇", 110, 110, 15, 30, 1, 0.7)],
      milestones: campaignMilestones(2017),
    });
    expect(text).toBe(
      [
        "【月小结】2017年2月",
        "全区在册 110 家，本月新增 110，本月完成 15，累计销号 30，逾期 1，完成率 70.0%。",
        "距整治情况总结上报期限（8月29日）还有 181 天",
        "",
        "1. 古荥镇：完成率 70.0% · 在册 110 · 新增 110 · 完成 15 · 销号 30 · 逾期 1",
      ].join("\n"),
    );
  });
});

describe("逾期清单", () => {
  test("longest overdue first, with 分包责任人", () => {
    expect(renderTownOverdueList("古荥镇", cases, "2017-03-20")).toBe(
      [
        "【古荥镇逾期清单】共 2 家，请分包责任人抓紧整治：",
        "· GX-0012 黄河塑料加工厂（限期拆除，期限3月1日，逾期 19 天，分包责任人：张三）",
        "· GX-0007 新华汽修（整改完善，期限3月19日，逾期 1 天，分包责任人：赵六）",
      ].join("\n"),
    );
  });
  test("none overdue → no message; a long list is cut", () => {
    expect(renderTownOverdueList("古荥镇", cases, "2017-03-01")).toBeNull();
    const text = renderTownOverdueList("古荥镇", cases, "2017-04-30", 2)!;
    expect(text.split("\n")).toHaveLength(4);
    expect(text).toMatch(/^【古荥镇逾期清单】共 4 家/);
    expect(text.endsWith("……另有 2 家未列出。")).toBe(true);
  });
});

describe("台账报送", () => {
  test("20日 heads-up lists what is due and the cases without an update", () => {
    expect(
      renderLedgerHeadsUp({
        town: "古荥镇",
        month: "2017-03",
        today: "2017-03-20",
        staleCases: cases.slice(0, 2),
      }),
    ).toBe(
      [
        "【台账报送预告】古荥镇：3月23日前请报送本月工作台账：",
        "1. 排查台账电子版",
        "2. 盖章件",
        "3. 工作总结",
        "附件为本镇（办）当前台账，核对后打印盖章。",
        "本月尚未更新进展的在办案件 2 家，请分包责任人更新：",
        "· GX-0012 黄河塑料加工厂（分包责任人：张三）",
        "· GX-0003 顺发铸造厂（分包责任人：李四）",
      ].join("\n"),
    );
  });

  test("23日 reminder says how each item is sent and to confirm with 报送", () => {
    expect(
      renderLedgerReminder({ town: "古荥镇", month: "2017-03", today: "2017-03-23", staleCases: [] }),
    ).toBe(
      [
        "【台账报送提醒】古荥镇：今天（3月23日）是本月工作台账报送截止日，请报送：",
        "1. 排查台账电子版",
        "2. 盖章件",
        "3. 工作总结",
        "附件为本镇（办）当前台账，核对后打印盖章。",
        "盖章件：拍照发到本群，说明写“盖章件”，或发送文件名含“盖章”的PDF；工作总结：发送「工作总结 内容」或文件名含“总结”的文件；电子版报送后发送「报送」确认。",
        "本月在办案件均已更新进展。",
      ].join("\n"),
    );
  });

  test("the evening status names, per town, what is still missing", () => {
    const none = { ledgerOn: null, stampedOn: null, summaryOn: null };
    expect(
      renderSubmissionStatus("2017-03", "3月23日 18:00", [
        { town: "古荥镇", ledgerOn: "2017-03-22", stampedOn: "2017-03-22", summaryOn: "2017-03-23" },
        { town: "花园口镇", ...none },
        { town: "老鸦陈街道", ...none, ledgerOn: "2017-03-23" },
      ]),
    ).toBe(
      [
        "【台账报送情况】2017年3月（截至3月23日 18:00）",
        "报送齐全 1 个：古荥镇",
        "尚未齐全 2 个：",
        "· 花园口镇：电子版 未交 · 盖章件 未交 · 工作总结 未交（尚缺：排查台账电子版、盖章件、工作总结）",
        "· 老鸦陈街道：电子版 3月23日 · 盖章件 未交 · 工作总结 未交（尚缺：盖章件、工作总结）",
      ].join("\n"),
    );
    const all = { ledgerOn: "2017-03-22", stampedOn: "2017-03-22", summaryOn: "2017-03-22" };
    expect(
      renderSubmissionStatus("2017-03", "3月23日 18:00", [
        { town: "古荥镇", ...all },
        { town: "花园口镇", ...all },
      ]),
    ).toBe(
      "【台账报送情况】2017年3月（截至3月23日 18:00）\n报送齐全 2 个：古荥镇、花园口镇\n全部镇（办）已报送齐全。",
    );
  });
});

describe("整治期限提醒", () => {
  test("7, 3, 1 days before and the day it becomes overdue", () => {
    expect(renderDeadlineWarnings("古荥镇", "2017-03-20", cases)).toBe(
      [
        "【整治期限提醒】古荥镇 3月20日",
        "7 天后到期（3月27日）：",
        "· GX-0003 顺发铸造厂（整改完善，分包责任人：李四）",
        "明天到期（3月21日）：",
        "· GX-0005 宏达印刷（补办手续，分包责任人：王五）",
        "今日起逾期（期限3月19日）：",
        "· GX-0007 新华汽修（整改完善，分包责任人：赵六）",
      ].join("\n"),
    );
    expect(renderDeadlineWarnings("古荥镇", "2017-03-24", cases)).toBe(
      "【整治期限提醒】古荥镇 3月24日\n3 天后到期（3月27日）：\n· GX-0003 顺发铸造厂（整改完善，分包责任人：李四）",
    );
  });
  test.each(["2017-03-23", "2017-03-25", "2017-03-29"])("nothing to warn on %s", (today) => {
    expect(renderDeadlineWarnings("古荥镇", today, cases)).toBeNull();
  });
});

describe("helpers", () => {
  test.each([
    [3, 0, "↑3"],
    [-2, 0, "↓2"],
    [0, 0, "持平"],
    [0.04, 1, "持平"],
    [4.84, 1, "↑4.8"],
  ])("delta(%d, %d) = %s", (change, digits, text) => {
    expect(delta(change, digits)).toBe(text);
  });
  test("percent and milestones", () => {
    expect(percent(2 / 3)).toBe("66.7%");
    expect(milestoneLines(campaignMilestones(2017), "2017-02-28")).toEqual([
      "今天是完成排查期限（2月28日）",
      "距整治情况总结上报期限（8月29日）还有 182 天",
    ]);
    expect(milestoneLines(campaignMilestones(2017), "2017-08-30")).toEqual([]);
  });
  test("rank: rate, then fewer overdue, then name; a town with no case last, without a rate", () => {
    expect(rankTowns(towns).map((t) => t.town)).toEqual(["古荥镇", "老鸦陈街道", "花园口镇"]);
    const none = {
      town: "刘寨街道",
      total: 0,
      newThisWeek: 0,
      finishedThisWeek: 0,
      closed: 0,
      overdue: 0,
      completionRate: 0,
    };
    const slow = { ...none, town: "新城街道", total: 5, overdue: 3 };
    expect(rankTowns([none, slow]).map((t) => t.town)).toEqual(["新城街道", "刘寨街道"]);
    expect(
      renderWeeklyBulletin({
        week: { year: 2017, week: 11, from: "2017-03-13", to: "2017-03-19" },
        today: "2017-09-01",
        towns: [none, slow],
        milestones: campaignMilestones(2017),
      })
        .split("\n")
        .slice(-2),
    ).toEqual([
      "1. 新城街道：完成率 0.0% · 逾期 3 · 在册 5 · 新增 0 · 完成 0 · 销号 0",
      "2. 刘寨街道：完成率 — · 逾期 0 · 在册 0 · 新增 0 · 完成 0 · 销号 0",
    ]);
  });
});

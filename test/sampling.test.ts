import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { addDays } from "../domain/dates.js";
import { nextEscalation } from "../domain/escalation.js";
import { assignTowns, drawSample, parseRatio, type SampleUnit, sampleSize } from "../domain/sampling.js";
import { supervisionPolicy } from "../domain/supervision-policy.js";
import { addMonths, reboundDueDates } from "../domain/supervision-rebound.js";
import { parseInspection } from "../domain/supervision-transfer.js";
import { parseTipArgs } from "../domain/tip-args.js";

const STATES = ["待整治", "正在拆除", "拆除到位", "正在整治", "整改到位", "补办手续", "已销号"];

/** A district: 1–12 towns, each with 0–60 enterprises in random states. */
const district = fc
  .array(fc.array(fc.constantFrom(...STATES), { maxLength: 60 }), { minLength: 1, maxLength: 12 })
  .map((towns) => {
    const units: SampleUnit[] = [];
    towns.forEach((states, t) => {
      for (const stratum of states) units.push({ id: units.length + 1, townId: t + 1, stratum });
    });
    return units;
  })
  .filter((units) => units.length > 0);

describe("drawing the sample", () => {
  test("covers at least the ratio (never below 20 %) and every town with enterprises, over random districts", () => {
    fc.assert(
      fc.property(
        district,
        fc.integer({ min: 20, max: 100 }),
        fc.nat({ max: 0xffffffff }),
        (units, pct, seed) => {
          const ratio = pct / 100;
          const ids = drawSample(units, { ratio, seed });
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.length).toBeGreaterThanOrEqual(Math.ceil((units.length * pct) / 100));
          expect(ids.length / units.length).toBeGreaterThanOrEqual(0.2);
          const drawnTowns = new Set(ids.map((id) => units[id - 1]!.townId));
          for (const u of units) expect(drawnTowns.has(u.townId)).toBe(true);
          // Proportional: at most one extra per town beyond the target.
          expect(ids.length).toBeLessThanOrEqual(sampleSize(units.length, ratio) + drawnTowns.size);
          expect(drawSample(units, { ratio, seed })).toEqual(ids);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("another seed draws another sample; a stratum is never over-drawn", () => {
    const units: SampleUnit[] = Array.from({ length: 200 }, (_, i) => ({
      id: i + 1,
      townId: (i % 4) + 1,
      stratum: STATES[i % 3]!,
    }));
    const a = drawSample(units, { ratio: 0.2, seed: 1 });
    const b = drawSample(units, { ratio: 0.2, seed: 2 });
    expect(a).toHaveLength(40);
    expect(b).toHaveLength(40);
    expect(a).not.toEqual(b);
    expect(drawSample(units, { ratio: 1, seed: 3 }).sort((x, y) => x - y)).toEqual(units.map((u) => u.id));
  });

  test("the policy never goes below the seed's 20 %", () => {
    expect(supervisionPolicy({ minRatio: 0.05, defaultRatio: 0.1 })).toMatchObject({
      minRatio: 0.2,
      defaultRatio: 0.2,
    });
    expect(supervisionPolicy({ defaultRatio: 0.3 }).defaultRatio).toBe(0.3);
  });

  test.each([
    ["25%", 0.25],
    ["25％", 0.25],
    ["0.3", 0.3],
    ["30", 0.3],
    ["百分之二十", null],
  ])("ratio %s → %s", (text, ratio) => {
    expect(parseRatio(text)).toBe(ratio);
  });

  test("towns go to supervisors, the biggest town to the least loaded", () => {
    const map = assignTowns(
      new Map([
        [1, 10],
        [2, 6],
        [3, 5],
      ]),
      [7, 8],
    );
    expect(map.get(1)).toBe(7);
    expect(map.get(2)).toBe(8);
    expect(map.get(3)).toBe(8);
  });
});

describe("the escalation ladder (pure)", () => {
  const open = { deadline: "2017-03-31", done: false };
  test.each([
    ["not yet due", open, [], "2017-03-31", null],
    [
      "overdue → notice with a new deadline",
      open,
      [],
      "2017-04-01",
      { step: "notice", daysOverdue: 1, newDeadline: "2017-04-16" },
    ],
    ["done never escalates", { ...open, done: true }, [], "2017-06-01", null],
    [
      "notice given, its deadline not passed",
      open,
      [{ step: "notice", onDate: "2017-04-01", newDeadline: "2017-04-16" }],
      "2017-04-16",
      null,
    ],
    [
      "still overdue after the notice → summons",
      open,
      [{ step: "notice", onDate: "2017-04-01", newDeadline: "2017-04-16" }],
      "2017-04-20",
      { step: "summons", daysOverdue: 4, noticeDeadline: "2017-04-16" },
    ],
    [
      "summons is the last step",
      open,
      [
        { step: "notice", onDate: "2017-04-01", newDeadline: "2017-04-16" },
        { step: "summons", onDate: "2017-04-17", newDeadline: null },
      ],
      "2017-06-01",
      null,
    ],
  ] as const)("%s", (_name, subject, records, today, expected) => {
    expect(nextEscalation(subject, [...records], today, 15)).toEqual(expected);
  });

  test("dates: months after 销号", () => {
    expect(addMonths("2017-01-31", 1)).toBe("2017-02-28");
    expect(addMonths("2017-11-15", 3)).toBe("2018-02-15");
    expect(reboundDueDates("2017-03-21", [6, 1, 3]).map((d) => d.dueOn)).toEqual([
      "2017-04-21",
      "2017-06-21",
      "2017-09-21",
    ]);
    expect(addDays("2017-04-01", 15)).toBe("2017-04-16");
  });
});

describe("reading supervision commands", () => {
  test.each([
    ["符合", { ok: true, kind: "conform", note: "" }],
    ["符合，已拆除设备", { ok: true, kind: "conform", note: "已拆除设备" }],
    [
      "问题 未安装废气收集装置 要求 整改完善 期限 4月30日",
      {
        ok: true,
        kind: "problem",
        problem: "未安装废气收集装置",
        requirement: "整改完善",
        deadline: "2017-04-30",
        responsible: null,
      },
    ],
    [
      "问题：夜间偷排，要求：拆除，期限：2017-05-10，责任人：张三",
      {
        ok: true,
        kind: "problem",
        problem: "夜间偷排",
        requirement: "限期拆除",
        deadline: "2017-05-10",
        responsible: "张三",
      },
    ],
  ])("督查 … %s", (text, expected) => {
    expect(parseInspection(text, 2017)).toEqual(expected);
  });

  test.each([
    ["问题 无环评 期限 4月30日", "请写明整治要求"],
    ["问题 无环评 要求 关门 期限 4月30日", "“关门”无法识别"],
    ["问题 无环评 要求 整改完善", "请写明整改期限"],
    ["问题 无环评 要求 整改完善 期限 4月31日", "“4月31日”无法识别"],
    ["", "请写明督查结果"],
  ])("督查 … %s is refused with a hint", (text, hint) => {
    const r = parseInspection(text, 2017);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(hint);
  });

  test("线索 arguments", () => {
    expect(parseTipArgs("夜间有刺鼻气味 地点 古荥镇黄河村三组 来源 12369", 2017)).toEqual({
      ok: true,
      description: "夜间有刺鼻气味",
      place: "古荥镇黄河村三组",
      source: "12369",
      town: null,
      deadline: null,
    });
    expect(parseTipArgs("露天喷漆 地点：黄河村 镇（办）：古荥镇 期限 3月8日", 2017)).toMatchObject({
      town: "古荥镇",
      deadline: "2017-03-08",
      source: "12369",
    });
    expect(parseTipArgs("露天喷漆", 2017)).toMatchObject({ ok: false });
  });
});

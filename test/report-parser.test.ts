import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseDate } from "../domain/dates.js";
import { REPORT_FIELDS } from "../domain/report-fields.js";
import { parseReportFields } from "../domain/report-parser.js";
import { validateReport } from "../domain/report-schema.js";
import { enterpriseNameKey } from "../domain/text-normalize.js";

const FULL = `上报
企业名称：黄河塑料加工厂
所在村组：古荥镇黄河村三组
企业类型：小散乱污
企业规模：12人
原辅材料：废旧塑料
涉水涉气：涉气
有无手续：无
整治要求：限期拆除
整治期限：2017-03-31
分包责任人：张三
备注：夜间生产`;

describe("parseReportFields", () => {
  test.each([
    [
      "full-width colons, one per line",
      FULL,
      { name: "黄河塑料加工厂", deadline: "2017-03-31", remarks: "夜间生产" },
    ],
    ["half-width colons", "企业名称:黄河厂\n类型:八小", { name: "黄河厂", type: "八小" }],
    [
      "several on one line with ；",
      "名称：黄河厂；村组：黄河村；规模：5人",
      { name: "黄河厂", village: "黄河村", scale: "5人" },
    ],
    [
      "several on one line with spaces",
      "名称：黄河厂 类型：八小 责任人：李四",
      { name: "黄河厂", type: "八小", responsible: "李四" },
    ],
    [
      "commas between fields",
      "名称:黄河厂,要求:拆除,期限:3.31",
      { name: "黄河厂", requirement: "拆除", deadline: "3.31" },
    ],
    [
      "synonyms",
      "人数：8人\n原料：胶水\n手续：不全\n截止日期：3月31日",
      { scale: "8人", materials: "胶水", permits: "不全", deadline: "3月31日" },
    ],
    [
      "手续情况, as people name the permits field",
      "涉水涉气：涉气\n手续情况：无",
      { waterAir: "涉气", permits: "无" },
    ],
    ["full-width brackets in a name survive", "企业名称：黄河（郑州）塑料厂", { name: "黄河（郑州）塑料厂" }],
    ["a value containing a field word is not cut", "备注：整改要求高", { remarks: "整改要求高" }],
    ["town field", "镇（办）：花园口镇", { town: "花园口镇" }],
  ])("%s", (_label, text, expected) => {
    expect(parseReportFields(text).fields).toMatchObject(expected);
  });

  test("text without fields gives none", () => {
    expect(parseReportFields("你好，今天开会吗").fields).toEqual({});
  });
});

describe("parseDate (campaign year 2017)", () => {
  test.each([
    ["2017-03-31", "2017-03-31"],
    ["2017/3/31", "2017-03-31"],
    ["2017.3.31", "2017-03-31"],
    ["2017年3月31日", "2017-03-31"],
    ["3月31日", "2017-03-31"],
    ["3月31号", "2017-03-31"],
    ["3.31", "2017-03-31"],
    ["3/31", "2017-03-31"],
    ["20170331", "2017-03-31"],
    ["2017-02-29", null],
    ["3月32日", null],
    ["下个月", null],
    ["", null],
  ])("%s → %s", (text, expected) => {
    expect(parseDate(text, 2017)).toBe(expected);
  });
});

describe("validateReport", () => {
  test("a full report is valid, in the seed's words", () => {
    const v = validateReport(parseReportFields(FULL).fields, 2017);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.report).toMatchObject({
        type: "小散乱污",
        requirement: "限期拆除",
        waterAir: "涉气",
        permits: "无",
      });
    }
  });

  test.each([
    ["拆除", "requirement", "限期拆除"],
    ["补办", "requirement", "补办手续"],
    ["整改", "requirement", "整改完善"],
    ["小散乱", "type", "小散乱污"],
    ["八小企业", "type", "八小"],
    ["水、气", "waterAir", "涉水涉气"],
    ["无", "waterAir", "不涉及"],
    ["齐全", "permits", "有"],
  ] as const)("near miss %s → %s %s", (value, key, expected) => {
    const raw = { ...parseReportFields(FULL).fields, [key]: value };
    const v = validateReport(raw, 2017);
    expect(v.ok && v.report[key]).toBe(expected);
    expect(v.reinterpreted.some((r) => r.from === value && r.to === expected)).toBe(true);
  });

  test("missing and wrong fields are each named, with the allowed values", () => {
    const v = validateReport({ name: "黄河厂", type: "小散乱污/八小", deadline: "明天" }, 2017);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const byLabel = Object.fromEntries(v.errors.map((e) => [e.label, e.message]));
    expect(byLabel.企业类型).toBe("“小散乱污/八小”无法识别，可填：小散乱污/八小");
    expect(byLabel.整治期限).toContain("“明天”无法识别");
    expect(byLabel.整治要求).toBe("缺少，可填：补办手续/整改完善/限期拆除");
    expect(byLabel.所在村组).toBe("缺少");
    expect(byLabel.备注).toBeUndefined();
  });

  test("the date hint is written in the campaign's own year", () => {
    const v = validateReport({ name: "黄河厂", deadline: "下个月" }, 2026);
    const deadline = v.ok ? undefined : v.errors.find((e) => e.label === "整治期限");
    expect(deadline?.message).toBe("“下个月”无法识别，可填：日期，如 2026-03-31、3月31日");
  });
});

describe("property: any input yields a valid report or errors naming fields, never a throw", () => {
  const labels = new Set<string>(REPORT_FIELDS.map((f) => f.label));
  const words = REPORT_FIELDS.flatMap((f) => [...f.synonyms]);
  const fieldLine = fc
    .tuple(fc.constantFrom(...words), fc.constantFrom("：", ":", "=", "： "), fc.string({ maxLength: 30 }))
    .map(([k, c, v]) => `${k}${c}${v}`);
  const message = fc
    .array(fc.oneof(fieldLine, fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 })), {
      maxLength: 14,
    })
    .chain((lines) => fc.constantFrom("\n", "；", " ", "，").map((sep) => lines.join(sep)));

  test("parse + validate", () => {
    fc.assert(
      fc.property(message, (text) => {
        const v = validateReport(parseReportFields(text).fields, 2017);
        if (v.ok) {
          expect(v.report.name.trim()).not.toBe("");
          expect(v.report.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } else {
          expect(v.errors.length).toBeGreaterThan(0);
          for (const e of v.errors) {
            expect(labels.has(e.label)).toBe(true);
            expect(e.message).not.toBe("");
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("enterpriseNameKey finds one enterprise under two spellings", () => {
  test.each([
    ["黄河塑料加工厂", "黄河塑料加工有限公司"],
    ["黄河塑料加工厂", " 黄河 塑料加工厂 "],
    ["黄河塑料加工厂", "黄河塑料加工公司"],
    ["ＡＢＣ印刷厂", "abc印刷有限责任公司"],
    ["黄河（郑州）塑料厂", "黄河(郑州)塑料厂"],
  ])("%s = %s", (a, b) => {
    expect(enterpriseNameKey(a)).toBe(enterpriseNameKey(b));
  });
  test("different names stay different", () => {
    expect(enterpriseNameKey("黄河塑料厂")).not.toBe(enterpriseNameKey("黄河铸造厂"));
  });
});

import { describe, expect, test } from "vitest";
import { splitText, WECOM_LIMITS } from "../bot/platforms/wecom/split-text.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("splitText", () => {
  test.each([
    { name: "short text stays whole", text: "你好", max: 2048, parts: ["你好"] },
    { name: "exactly at the limit stays whole", text: "abcd", max: 4, parts: ["abcd"] },
    { name: "splits at a line boundary", text: "aaa\nbbb", max: 5, parts: ["aaa", "bbb"] },
    { name: "packs several lines per part", text: "ab\nc\nde\nf", max: 4, parts: ["ab\nc", "de\nf"] },
    { name: "CJK counts 3 bytes a character", text: "一二\n三四", max: 6, parts: ["一二", "三四"] },
    {
      name: "a long line is cut between characters",
      text: "一二三四五",
      max: 7,
      parts: ["一二", "三四", "五"],
    },
    {
      name: "long line between short ones",
      text: "x\n一二三四\ny",
      max: 6,
      parts: ["x", "一二", "三四", "y"],
    },
    { name: "blank-only parts are dropped", text: "aaaa\n\n\nbbbb", max: 4, parts: ["aaaa", "bbbb"] },
    { name: "emoji (4 bytes) is never cut", text: "😀😀😀", max: 5, parts: ["😀", "😀", "😀"] },
  ])("$name", ({ text, max, parts }) => {
    expect(splitText(text, max)).toEqual(parts);
  });

  test("a 5000-byte report for the app splits into parts within 2048 bytes, losing nothing", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `第${i + 1}家企业：整治中，责任人张三`);
    const text = lines.join("\n");
    const parts = splitText(text, WECOM_LIMITS.appText);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(bytes(p)).toBeLessThanOrEqual(2048);
    expect(parts.join("\n")).toBe(text);
  });

  test("rejects a limit smaller than one character", () => {
    expect(() => splitText("abc", 3)).toThrow(RangeError);
  });
});

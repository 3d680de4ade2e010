import { describe, expect, test } from "vitest";
import type { ProgressState, Requirement } from "../domain/enums.js";
import { findProgressState } from "../domain/progress-words.js";
import { canMove, isFinished, nextStates } from "../domain/transitions.js";

describe("完成情况 transitions per 整治要求", () => {
  test.each([
    ["限期拆除", "待整治", ["正在拆除", "拆除到位"]],
    ["限期拆除", "正在拆除", ["拆除到位"]],
    ["限期拆除", "拆除到位", []],
    ["整改完善", "待整治", ["正在整治", "整改到位"]],
    ["整改完善", "正在整治", ["整改到位"]],
    ["补办手续", "待整治", ["补办手续", "手续办结"]],
    ["补办手续", "补办手续", ["手续办结"]],
  ] as [Requirement, ProgressState, ProgressState[]][])("%s: %s → %j", (req, from, to) => {
    expect(nextStates(req, from)).toEqual(to);
  });

  test.each([
    ["限期拆除", "待整治", "整改到位", false],
    ["整改完善", "正在整治", "拆除到位", false],
    ["补办手续", "手续办结", "补办手续", false],
    ["限期拆除", "正在拆除", "拆除到位", true],
  ] as [Requirement, ProgressState, ProgressState, boolean][])(
    "%s: %s → %s allowed: %s",
    (req, from, to, ok) => {
      expect(canMove(req, from, to)).toBe(ok);
    },
  );

  test("finished states", () => {
    expect(isFinished("限期拆除", "拆除到位")).toBe(true);
    expect(isFinished("整改完善", "整改到位")).toBe(true);
    expect(isFinished("补办手续", "手续办结")).toBe(true);
    expect(isFinished("限期拆除", "正在拆除")).toBe(false);
  });

  test.each([
    ["拆除到位 3月20日", "拆除到位", "3月20日"],
    ["已拆除", "拆除到位", ""],
    ["开始拆除 设备已断电", "正在拆除", "设备已断电"],
    ["整改完成", "整改到位", ""],
    ["正在补办", "补办手续", ""],
    ["已拆除到位", "拆除到位", ""],
    ["已经整改到位了 设备已断电", "整改到位", "设备已断电"],
  ])("progress words: %s", (text, state, rest) => {
    expect(findProgressState(text)).toEqual({ state, rest });
  });
});

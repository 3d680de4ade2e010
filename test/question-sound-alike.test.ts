import { describe, expect, test } from "vitest";
import { readQuestion } from "../domain/reading/question-reading.js";
import { soundAlikesWritten } from "../domain/reading/sound-alike.js";
import { DEMO_PEOPLE, DEMO_TOWNS } from "../storage/demo-data.js";

const vocab = { towns: DEMO_TOWNS.map(([n]) => n), people: DEMO_PEOPLE.map((p) => p.name) };

// Pinyin-input slips are read by their sound, not from a list: none of these slips is written
// anywhere in the grammar (the list of slips was removed when this came in).
describe("slips read by their sound", () => {
  test.each([
    ["华园口预期的有哪些", { scope: "花园口镇", subject: "逾期", measure: "名单" }],
    ["留寨上个阅消号几家", { scope: "刘寨街道", period: "上月", subject: "销号", measure: "数量" }],
    ["古星镇这周柴了几家", { scope: "古荥镇", period: "本周", subject: "拆除到位", measure: "数量" }],
    ["老鸭陈整该完的明单", { scope: "老鸦陈街道", subject: "整改到位", measure: "名单" }],
    // A merged sound (s/sh) in a word of two characters.
    ["本周新增多扫家", { period: "本周", subject: "新增", measure: "数量" }],
  ])("%s", (q, reading) => {
    expect(readQuestion(q, vocab)).toEqual(reading);
  });

  test("那 and 这 point back and are never read as 哪: 那家拆了没 is not understood", () => {
    expect(readQuestion("那家拆了没", vocab)).toBeNull();
  });

  test("a character's common sound only: 还差几家 (cha) is not 还拆几家 (chai)", () => {
    expect(readQuestion("古荥还差几家", vocab)).toBeNull();
  });

  test("only characters the grammar could not explain are changed", () => {
    // 明 and 单 at 0 and 1 are unexplained: 明单 → 名单. 古荥 (known) is never rewritten.
    expect(soundAlikesWritten("明单古荥", new Set([0, 1]), ["名单", "古星"])).toBe("名单古荥");
    expect(soundAlikesWritten("明单", new Set(), ["名单"])).toBe("明单");
    // One loose sound in a word of two or more; a lone character must sound exactly the same.
    expect(soundAlikesWritten("多扫", new Set([1]), ["多少"])).toBe("多少");
    expect(soundAlikesWritten("砖", new Set([0]), ["专"])).toBe("砖");
  });
});

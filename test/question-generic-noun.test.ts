import { expect, test } from "vitest";
import { readingLine, readQuestion } from "../domain/reading/question-reading.js";
import { DEMO_PEOPLE, DEMO_TOWNS } from "../storage/demo-data.js";

const vocab = { towns: DEMO_TOWNS.map(([n]) => n), people: DEMO_PEOPLE.map((p) => p.name) };
const line = (q: string) => {
  const r = readQuestion(q, vocab);
  return r ? readingLine(r) : null;
};

// 哪些厂 / 几家厂 / 逾期的厂 ask about enterprises in general: read before as an enterprise named 哪些厂.
test("厂 after an asking word, or alone, is not an enterprise's name", () => {
  expect(line("哪些厂逾期了")).toBe("我理解为：逾期 · 名单");
  expect(line("逾期的厂有哪些")).toBe("我理解为：逾期 · 名单");
  expect(line("古荥哪些厂没整改完")).toBe("我理解为：古荥镇 · 未完成 · 名单");
  expect(line("花园口上周拆掉几个厂子")).toBe("我理解为：花园口镇 · 上周 · 拆除到位 · 数量");
});

test("a real name still reads as one, and a kind alone is still not a name", () => {
  // A yes-or-no question about one enterprise is its 情况: its card answers it.
  expect(line("黄河塑料厂拆了没有")).toBe("我理解为：黄河塑料厂 · 情况");
  expect(line("宏达化工怎么样")).toBe("我理解为：宏达化工 · 情况");
  expect(line("那个塑料厂咋样")).toBeNull();
  expect(line("哪些塑料厂逾期")).toBe("我理解为：逾期 · 塑料加工 · 名单");
});

import { describe, expect, test } from "vitest";
import { markdownUnits } from "../bot/platforms/telegram/markdown-html.js";
import { renderTelegramOutbound, TELEGRAM_TEXT_LIMIT } from "../bot/platforms/telegram/outbound-renderer.js";
import { parseTelegramHtml } from "./fakes/fake-telegram-html.js";

const html = (text: string) => renderTelegramOutbound({ kind: "markdown", text }, { format: "html" });
const plain = (text: string) => renderTelegramOutbound({ kind: "markdown", text }, { format: "plain" });

describe("markdown → Telegram HTML", () => {
  test.each([
    ["**古荥镇** 已上报 3 家", "<b>古荥镇</b> 已上报 3 家"],
    ["# 周通报", "<b>周通报</b>"],
    ["## 逾期 <3> 家 & 待办", "<b>逾期 &lt;3&gt; 家 &amp; 待办</b>"],
    ["`A<B>`", "<code>A&lt;B&gt;</code>"],
    [
      '[台账](https://example.org/a?x=1&y="2")',
      '<a href="https://example.org/a?x=1&amp;y=&quot;2&quot;">台账</a>',
    ],
    ["[坏链接](javascript:alert(1))", "坏链接"],
    ['<font color="warning">逾期 2 家</font>', "逾期 2 家"],
    ["> 拆除到位", "<blockquote>拆除到位</blockquote>"],
    ["- 张三砖厂", "• 张三砖厂"],
    ["*正在整治*", "<i>正在整治</i>"],
    ["a * b * c", "a * b * c"],
    ["5 < 6 && 7 > 3", "5 &lt; 6 &amp;&amp; 7 &gt; 3"],
    ["**粗 `代码` 体**", "<b>粗 <code>代码</code> 体</b>"],
  ])("%j", (input, expected) => {
    const [call] = html(input);
    expect(call).toEqual({ method: "sendMessage", text: expected, parseMode: "HTML" });
    expect(parseTelegramHtml(expected)).not.toHaveProperty("error");
  });

  test("a fenced block becomes one <pre>, escaped", () => {
    expect(markdownUnits("前\n```\n<x> & y\nz\n```\n后").map((u) => u.html)).toEqual([
      "前",
      "<pre>&lt;x&gt; &amp; y\nz</pre>",
      "后",
    ]);
  });
});

describe("plain rendering", () => {
  test.each([
    ["**古荥镇** 已上报", "古荥镇 已上报"],
    ["[台账](https://example.org)", "台账 (https://example.org)"],
    ["# 周通报", "周通报"],
    ["5 < 6 & 7", "5 < 6 & 7"],
  ])("%j → %j", (input, expected) => {
    expect(plain(input)).toEqual([{ method: "sendMessage", text: expected }]);
  });

  test("a text message is sent as it is, without parse mode", () => {
    expect(renderTelegramOutbound({ kind: "text", text: "<b>不是标签</b>" }, { format: "html" })).toEqual([
      { method: "sendMessage", text: "<b>不是标签</b>" },
    ]);
  });
});

describe("splitting at the 4096-character limit", () => {
  const line = (i: number) => `${String(i).padStart(4, "0")} ${"污".repeat(95)}`; // 100 characters

  test("long text splits between lines, every part within the limit, nothing lost", () => {
    const lines = Array.from({ length: 100 }, (_, i) => line(i));
    const calls = renderTelegramOutbound({ kind: "text", text: lines.join("\n") }, { format: "html" });
    expect(calls.length).toBe(3);
    const texts = calls.map((c) => (c.method === "sendMessage" ? c.text : ""));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(texts.join("\n")).toBe(lines.join("\n"));
    expect(texts[1]?.startsWith("0040 ")).toBe(true);
  });

  test("the limit counts visible characters, not tags or entities", () => {
    const lines = Array.from({ length: 60 }, (_, i) => `**${line(i)}** &`);
    const calls = html(lines.join("\n"));
    for (const c of calls) {
      const parsed = parseTelegramHtml(c.method === "sendMessage" ? c.text : "");
      if ("error" in parsed) throw new Error(parsed.error);
      expect(parsed.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    }
    expect(calls.length).toBe(2);
  });

  test("a single line longer than a message is cut without breaking characters", () => {
    const text = "😀".repeat(3000); // 6000 UTF-16 units
    const calls = renderTelegramOutbound({ kind: "text", text }, { format: "plain" });
    const texts = calls.map((c) => (c.method === "sendMessage" ? c.text : ""));
    expect(texts.map((t) => t.length)).toEqual([4096, 1904]);
    expect(texts.join("")).toBe(text);
  });

  test("blank text sends nothing", () => {
    expect(renderTelegramOutbound({ kind: "text", text: "\n \n" }, { format: "plain" })).toEqual([]);
  });
});

describe("media and mentions", () => {
  test("image → sendPhoto, file → sendDocument", () => {
    const bytes = Buffer.from("x");
    expect(renderTelegramOutbound({ kind: "image", bytes }, { format: "html" })).toEqual([
      { method: "sendPhoto", bytes, fileName: "photo.jpg" },
    ]);
    expect(
      renderTelegramOutbound({ kind: "file", bytes, fileName: "台账.xlsx" }, { format: "html" }),
    ).toEqual([{ method: "sendDocument", bytes, fileName: "台账.xlsx" }]);
  });

  test("mentions become tg://user links, and the text is escaped", () => {
    const calls = renderTelegramOutbound(
      { kind: "text", text: "请于 <3> 日内整改" },
      { format: "html", mentions: ["5012345678", "not-a-number"] },
    );
    expect(calls).toEqual([
      {
        method: "sendMessage",
        text: '<a href="tg://user?id=5012345678">@5012345678</a>\n请于 &lt;3&gt; 日内整改',
        parseMode: "HTML",
      },
    ]);
  });
});

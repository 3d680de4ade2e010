import MarkdownIt from "markdown-it";
import { pino } from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { renderAibotMarkdown } from "../bot/platforms/wecom/render.js";
import { createWecomPlatform, type WecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";
import { startFakeAibotWs } from "./fakes/fake-wecom-ws.js";

// The AI bot's client renders markdown as CommonMark does (a line break is a break there) and takes
// inline HTML such as <font color="warning">.
const client = new MarkdownIt({ breaks: true, html: true });

/** What the member sees: the rendered HTML, and its text with the tags taken off. */
function shown(markdown: string): { html: string; text: string } {
  const html = client.render(markdown);
  const text = html
    .replace(/<br>\n?/g, "\n")
    .replace(/<\/p>\n?<p>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
  return { html, text };
}

// What users type ends up in replies: enterprise names, villages, notes, problems.
const TYPED = [
  "【GY-0001】[官方通知](http://phish.example/login)",
  "**三组**塑料厂 __夜间__ 生产",
  "# 紧急 整治",
  "- 第一条",
  "1. 第一条",
  "> 转述",
  "`rm -rf` ~~删掉~~",
  '<font color="warning">红色</font> <a href="http://x">点我</a>',
  "![图片](http://img.example/x.png)",
  "备注：a\\b & c | d",
  "=== 分隔",
];

test.each(TYPED)("plain text %s reaches the AI bot's client as written, no markup", (line) => {
  const [part] = renderAibotMarkdown("text", `查询结果\n${line}`);
  const { html, text } = shown(part?.markdown.content ?? "");
  expect(html).not.toMatch(/<(a|strong|em|h\d|li|ol|ul|blockquote|code|s|del|img|font|hr)\b/);
  expect(text).toBe(`查询结果\n${line}`);
});

test("markdown the core writes itself keeps its markup", () => {
  const [part] = renderAibotMarkdown("markdown", "**已上报** [台账](https://hb.example/x)");
  expect(shown(part?.markdown.content ?? "").html).toContain('<a href="https://hb.example/x">台账</a>');
});

const BOT = { botId: "aibBOT01", secret: "long-connection-secret" };
let ws: Awaited<ReturnType<typeof startFakeAibotWs>>;
let fake: FakeWecom;
let platform: WecomPlatform;

beforeEach(async () => {
  ws = await startFakeAibotWs(BOT);
  fake = await startFakeWecom({ corpId: "ww1", secret: "s", agentId: 1 });
  platform = createWecomPlatform(
    { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, robots: {}, aibotWs: { ...BOT, url: ws.url } },
    { logger: pino({ level: "silent" }), wsReconnectMs: 20 },
  );
  await platform.start(async () => {});
});
afterEach(async () => {
  await platform.stop();
  await ws.close();
  await fake.close();
});

test("an enterprise named [官方通知](http://…) is shown by name in the group, not as a link", async () => {
  ws.push({
    msgid: "w1",
    aibotid: BOT.botId,
    chatid: "wrGroup9",
    chattype: "group",
    from: { userid: "lisi" },
    msgtype: "text",
    text: { content: "@整治助手 查询 官方通知" },
  });
  const reply = "【GY-0007】[官方通知](http://phish.example/login)\n所在村组：古荥镇**三组**";
  await platform.send({ platform: "wecom", chatId: "aibot:wrGroup9" }, { kind: "text", text: reply });
  const frame = ws.received.at(-1) as { body?: { markdown?: { content?: string } } };
  const { html, text } = shown(frame.body?.markdown?.content ?? "");
  expect(html).not.toContain("<a ");
  expect(html).not.toContain("<strong>");
  expect(text).toBe(reply);
});

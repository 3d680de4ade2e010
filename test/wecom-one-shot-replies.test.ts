import { expect, test } from "vitest";
import { OneShotReplies } from "../bot/platforms/wecom/one-shot-replies.js";

test("a welcome req_id is handed out once, and not after WeCom's 5 seconds are nearly up", () => {
  let now = Date.parse("2026-11-28T02:00:00Z");
  const welcomes = new OneShotReplies(4_500, () => now);
  welcomes.remember("aibot-user:wangwu", "ev1", new Date(now));
  expect(welcomes.take("aibot-user:wangwu")?.value).toBe("ev1");
  expect(welcomes.take("aibot-user:wangwu")).toBeUndefined();

  welcomes.remember("aibot-user:wangwu", "ev2", new Date(now));
  now += 4_600;
  expect(welcomes.take("aibot-user:wangwu")).toBeUndefined();
  expect(welcomes.take("aibot-user:lisi")).toBeUndefined();
});

test("a used response_url never comes back with a redelivered callback", () => {
  const now = Date.parse("2026-11-28T02:00:00Z");
  const urls = new OneShotReplies(3600_000, () => now);
  urls.remember(
    "aibot:wrGroup",
    "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=A",
    new Date(now),
  );
  expect(urls.take("aibot:wrGroup")?.value).toContain("code=A");
  // WeCom redelivers the same callback (our answer was slow): the same, already used URL.
  urls.remember(
    "aibot:wrGroup",
    "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=A",
    new Date(now),
  );
  expect(urls.take("aibot:wrGroup")).toBeUndefined();
  // A new message brings a new one.
  urls.remember(
    "aibot:wrGroup",
    "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=B",
    new Date(now),
  );
  expect(urls.take("aibot:wrGroup")?.value).toContain("code=B");
});

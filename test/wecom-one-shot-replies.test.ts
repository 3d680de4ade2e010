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

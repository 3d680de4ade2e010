import { expect, test } from "vitest";
import { benchWecomCallback } from "../bench/wecom-callback.js";

test("the callback bench runs and every message reaches onMessage", async () => {
  const seen = new Set<string>();
  const result = await benchWecomCallback({
    count: 100,
    ratePerSecond: 1000,
    onMessage: async (m) => {
      seen.add(m.messageId);
    },
  });
  // 100 measured + 200 warm-up messages, each with its own MsgId.
  expect(seen.size).toBe(300);
  expect(result.failures).toBe(0);
  expect(result.messagesPerSecond).toBeGreaterThan(0);
  expect(result.p99Ms).toBeGreaterThan(0);
  expect(result.bareP99Ms).toBeGreaterThan(0);
});

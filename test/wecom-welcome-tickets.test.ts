import { expect, test } from "vitest";
import { WelcomeTickets } from "../bot/platforms/wecom/welcome-tickets.js";

test("a welcome ticket is handed out once, and not after WeCom's 5 seconds are nearly up", () => {
  let now = Date.parse("2026-11-28T02:00:00Z");
  const tickets = new WelcomeTickets(() => now);
  tickets.remember("aibot-user:wangwu", "ev1", new Date(now));
  expect(tickets.take("aibot-user:wangwu")).toBe("ev1");
  expect(tickets.take("aibot-user:wangwu")).toBeUndefined();

  tickets.remember("aibot-user:wangwu", "ev2", new Date(now));
  now += 4_600;
  expect(tickets.take("aibot-user:wangwu")).toBeUndefined();
  expect(tickets.take("aibot-user:lisi")).toBeUndefined();
});

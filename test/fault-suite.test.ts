import { afterEach, describe, expect, test } from "vitest";
import { telegramDriver } from "./drivers/fault-telegram.js";
import { wechatDriver } from "./drivers/fault-wechat.js";
import { aibotAcksLostDriver, aibotDriver } from "./drivers/fault-wecom-aibot.js";
import { wecomDriver } from "./drivers/fault-wecom-app.js";
import { robotsDriver } from "./drivers/fault-wecom-robots.js";
import { ENGINES } from "./helpers/databases.js";
import { runConversation } from "./helpers/fault-run.js";

/**
 * One conversation through each platform's fake, once as it should go and once with faults injected on a
 * fake clock: a rate limit with retry-after (Telegram 429, WeCom 45009), an outage of minutes (connections
 * reset), sends lost on the way until the call times out, and a kill and restart in the middle. What each
 * chat shows in the end must be what it shows without faults: every reply, each part once, in order; and
 * a chat whose sends are lost or limited does not hold up the other's answers.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe.each(ENGINES)("the fault suite (%s)", (engine) => {
  test.each([
    ["Telegram", telegramDriver],
    ["WeCom app", wecomDriver],
    ["WeCom AI bot (long connection)", aibotDriver],
    ["WeCom group robots (webhook)", robotsDriver],
    ["WeChat (wechaty)", wechatDriver],
  ] as const)(
    "%s: every reply, each part once, in order per chat, through faults",
    async (_, make) => {
      const expected = await runConversation(engine, make, false, cleanup);
      expect(expected.A.length).toBeGreaterThanOrEqual(6);
      expect(expected.B.length).toBeGreaterThanOrEqual(4);
      const got = await runConversation(engine, make, true, cleanup);
      expect(got.A).toEqual(expected.A);
      expect(got.B).toEqual(expected.B);
    },
    120_000,
  );

  // A reply WeCom showed whose ack was lost, still unconfirmed at a kill: after the restart it answers its
  // message again with the req_id stored with the message (its stream replaces itself), not as a push.
  test("WeCom AI bot: a reply whose ack was lost before a kill is shown once", async () => {
    const expected = await runConversation(engine, aibotAcksLostDriver, false, cleanup);
    const got = await runConversation(engine, aibotAcksLostDriver, true, cleanup);
    expect(got.A).toEqual(expected.A);
    expect(got.B).toEqual(expected.B);
  }, 120_000);
});

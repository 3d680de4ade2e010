import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { PlatformRefusedError } from "../base/errors.js";
import { createBot } from "../bot/create-bot.js";
import { createWecomAppClient } from "../bot/platforms/wecom/api-client.js";
import { createWecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { createOutboxRepo } from "../storage/outbox-repo.js";
import { startFakeWecom } from "./fakes/fake-wecom.js";
import { TEST_APP as APP } from "./fakes/wecom-test-apps.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { silentLog } from "./helpers/test-bot.js";

const ROBOT_KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";

describe("WeCom busy answers and duplicates", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  async function fakeWecom() {
    const fake = await startFakeWecom({
      corpId: APP.corpId,
      secret: APP.secret,
      agentId: APP.agentId,
      users: ["zhangsan"],
    });
    cleanup.push(() => fake.close());
    const app = createWecomAppClient({
      ...APP,
      baseUrl: fake.baseUrl,
      sleep: async () => {},
      timeoutMs: 2000,
    });
    return { fake, app };
  }

  test("gettoken answering -1 (busy) once: the message still goes out", async () => {
    const { fake, app } = await fakeWecom();
    fake.injectErrors("/cgi-bin/gettoken", [-1]);
    await app.sendToUser("zhangsan", { msgtype: "text", text: { content: "已收到" } });
    expect(fake.shown()).toHaveLength(1);
    expect(fake.calls("/cgi-bin/gettoken")).toHaveLength(2);
  });

  test("gettoken busy for longer: a retryable refusal the outbox waits out, not a failure for good", async () => {
    const { fake, app } = await fakeWecom();
    fake.injectErrors("/cgi-bin/gettoken", [-1, -1, -1]);
    const error = await app
      .sendToUser("zhangsan", { msgtype: "text", text: { content: "x" } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PlatformRefusedError);
    expect(error).toMatchObject({ code: -1, retryable: true });
  });

  test("a resend after a crash between WeCom's ok and our mark is not shown twice (enable_duplicate_check)", async () => {
    const { fake, app } = await fakeWecom();
    const reply = { msgtype: "text" as const, text: { content: "✅ 已上报 GY-0001" } };
    await app.sendToUser("zhangsan", reply);
    await app.sendToUser("zhangsan", reply);
    expect(fake.calls("/cgi-bin/message/send")).toHaveLength(2);
    expect(fake.shown()).toHaveLength(1);
  });
});

describe.each(ENGINES)("WeCom through the outbox (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup() {
    const fresh = await freshDb(engine);
    const fake = await startFakeWecom({
      corpId: APP.corpId,
      secret: APP.secret,
      agentId: APP.agentId,
      users: ["zhangsan"],
      robotKeys: [ROBOT_KEY],
    });
    const clock = fixedClock("2026-03-02T02:00:00.000Z");
    const platform = createWecomPlatform(
      { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, robots: { "robot:古荥镇": ROBOT_KEY }, app: APP },
      { logger: silentLog, sleep: async () => {}, stopGraceMs: 100 },
    );
    const bot = createBot({
      db: fresh.db,
      dataDir: fresh.dir,
      clock,
      log: silentLog,
      settings: { campaignYear: 2026, botName: "整治助手" },
      outboxPollMs: 3_600_000,
    });
    bot.platforms.set("wecom", platform);
    cleanup.push(async () => {
      await bot.stop();
      await fake.close();
      await fresh.db.destroy();
    });
    const outbox = createOutboxRepo(fresh.db);
    return { fake, bot, clock, outbox, db: fresh.db };
  }

  // Three parts of at most 2048 bytes: a long 查询 answer.
  const long = Array.from(
    { length: 3 },
    (_, i) => `第${i + 1}段：${"企业名称、地址、整治要求。".repeat(45)}`,
  ).join("\n");

  test.each([
    ["a member (message/send)", "user:zhangsan", "/cgi-bin/message/send"],
    ["a group robot (webhook/send)", "robot:古荥镇", "/cgi-bin/webhook/send"],
  ])("a split reply to %s whose part 2 meets 45009: each part shown once", async (_, chatId, path) => {
    const { fake, bot, clock, outbox } = await setup();
    fake.injectErrors(path, [0, 45009, 45009, 45009]);
    await outbox.enqueue(
      "long",
      { platform: "wecom", chatId },
      { kind: "text", text: long },
      clock.now().toISOString(),
    );
    await bot.outbox.drain();
    clock.advance(60_000);
    await bot.outbox.drain();
    const parts = fake
      .calls(path)
      .filter((c) => c.json && !String(JSON.stringify(c.json)).includes("injected"))
      .map((c) => JSON.stringify(c.json));
    const distinct = new Set(parts);
    expect(distinct.size).toBe(3);
    // Part 1 went once; part 2 was tried until WeCom took it; part 3 once.
    const first = parts[0];
    expect(parts.filter((p) => p === first)).toHaveLength(1);
    const last = parts[parts.length - 1];
    expect(parts.filter((p) => p === last)).toHaveLength(1);
    expect(await bot.outbox.drain()).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import type { Db } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { createMemoryChat } from "./fakes/memory-chat.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { seedDistrict, silentLog } from "./helpers/test-bot.js";

// The 管理员 hear about an incident once when it begins and once when it is over, on a platform that
// is up; nobody else hears of it. Real bot, real outbox, memory chats, both engines.

describe.each(ENGINES)("operator alerts (%s)", (engine) => {
  let db: Db;
  let main: ReturnType<typeof createMemoryChat>;
  let spare: ReturnType<typeof createMemoryChat>;
  let bot: ReturnType<typeof createBot>;
  const clock = fixedClock("2026-03-02T01:00:00.000Z");

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    // 周管理 is also on a second platform, and on one this process does not run.
    const r = createRepos(db);
    const [admin] = await r.persons.byName("周管理");
    await r.persons.linkIdentity(admin!.id, "spare", "zhou-spare");
    await r.persons.linkIdentity(admin!.id, "gone", "zhou-gone");
    main = createMemoryChat("memchat");
    spare = createMemoryChat("spare");
    bot = createBot({
      db,
      dataDir: fresh.dir,
      clock,
      log: silentLog,
      settings: { campaignYear: 2026, botName: "整治助手" },
      outboxPollMs: 60_000,
    });
    await bot.start([main.platform, spare.platform]);
  });
  afterEach(async () => {
    await bot.stop();
    await db.destroy();
  });

  const toAdmin = (chat: ReturnType<typeof createMemoryChat>) =>
    chat.sent
      .filter((s) => s.target.userId === "周管理" || s.target.userId === "zhou-spare")
      .map((s) => (s.message as { text: string }).text);
  const everyoneElse = () =>
    [...main.sent, ...spare.sent].filter(
      (s) => s.target.userId !== "周管理" && s.target.userId !== "zhou-spare",
    );
  const wecomDown = {
    kind: "platform-down" as const,
    subject: "wecom",
    title: "企业微信连接中断",
    detail: "已中断 10 分钟：长连接已断开",
  };

  test("once when it begins, once when it is over; raised again later is a new incident", async () => {
    expect(await bot.alerts.raise(wecomDown)).toBe(true);
    expect(await bot.alerts.raise(wecomDown)).toBe(false);
    await Promise.all([bot.alerts.raise(wecomDown), bot.alerts.raise(wecomDown)]);
    await bot.settle();
    expect(toAdmin(main)).toEqual([
      "⚠️ 运行告警：企业微信连接中断\n已中断 10 分钟：长连接已断开\n恢复后另行通知，期间同类问题不再重复提醒。",
    ]);
    expect(toAdmin(spare)).toEqual([]);
    expect((await bot.alerts.open()).map((a) => [a.subject, a.occurrences])).toEqual([["wecom", 4]]);

    clock.advance(25 * 60_000);
    expect(await bot.alerts.resolve("platform-down", "wecom", "连接已恢复。")).toBe(true);
    expect(await bot.alerts.resolve("platform-down", "wecom")).toBe(false);
    await bot.settle();
    expect(toAdmin(main).at(-1)).toBe(
      "✅ 告警解除：企业微信连接中断\n持续 25 分钟，期间共 4 次。连接已恢复。",
    );
    expect(toAdmin(main)).toHaveLength(2);
    expect(await bot.alerts.open()).toEqual([]);

    expect(await bot.alerts.raise(wecomDown)).toBe(true);
    await bot.settle();
    expect(toAdmin(main)).toHaveLength(3);
    expect(everyoneElse()).toEqual([]);
  });

  test("two subjects are two incidents", async () => {
    await bot.alerts.raise(wecomDown);
    await bot.alerts.raise({ ...wecomDown, subject: "telegram", title: "Telegram连接中断" });
    await bot.settle();
    expect(toAdmin(main)).toHaveLength(2);
  });

  test("the 管理员's platform is down: told on the other platform they are on", async () => {
    main.setDown(true);
    await bot.alerts.raise({ ...wecomDown, subject: "memchat", title: "memchat连接中断" });
    await bot.settle();
    expect(toAdmin(spare)).toHaveLength(1);
    expect(toAdmin(main)).toEqual([]);
  });

  test("in the caller's transaction: rolled back, nobody is told and the incident is not open", async () => {
    await db
      .transaction(async (trx) => {
        await bot.alerts.raise(wecomDown, trx);
        throw new Error("the caller's work failed");
      })
      .catch(() => undefined);
    await bot.settle();
    expect(toAdmin(main)).toEqual([]);
    expect(await bot.alerts.open()).toEqual([]);
    expect(await bot.alerts.raise(wecomDown)).toBe(true);
  });
});

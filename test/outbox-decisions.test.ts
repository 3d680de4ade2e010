import pino from "pino";
import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import { createBot } from "../bot/create-bot.js";
import { createOutboxRepo } from "../storage/outbox-repo.js";
import { createRepos } from "../storage/repos.js";
import { createScriptedPlatform, gate, type Outcome } from "./fakes/scripted-platform.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

const down = () => new PlatformRequestError("connect ECONNREFUSED 127.0.0.1:443");
const limited = (seconds: number) =>
  new PlatformRefusedError(`Too Many Requests: retry after ${seconds}`, 429, seconds * 1000, true);
const gone = () => new PlatformRefusedError("Bad Request: chat not found", 400);

interface Row {
  name: string;
  /** Messages queued, in order: [chat, text]. A "|" splits a text into parts. */
  queue: [string, string][];
  script: Record<string, Outcome[]>;
  /** Before each further round: how far the clock moves (ms). One round runs at once. */
  rounds: number[];
  delivered: Record<string, string[]>;
  failed?: number;
  /** Texts the 管理员 got privately (the operator is told what could not be delivered). */
  adminTold?: boolean;
  maxAgeMs?: number;
}

const minutes = (n: number, step = 60_000) => Array.from({ length: n }, () => step);

const ROWS: Row[] = [
  {
    name: "an outage longer than 8 tries: delivered when the platform returns",
    queue: [["甲群", "已上报"]],
    script: { 甲群: Array.from({ length: 12 }, down) },
    rounds: minutes(40),
    delivered: { 甲群: ["已上报"] },
    failed: 0,
  },
  {
    name: "one failed send: the next reply to that chat does not overtake it",
    queue: [
      ["甲群", "第一条"],
      ["甲群", "第二条"],
    ],
    script: { 甲群: [down()] },
    rounds: [0, 0, 1000, 1000],
    delivered: { 甲群: ["第一条", "第二条"] },
  },
  {
    name: "a 429 on the first of three replies: all three, in order, after the wait",
    queue: [
      ["甲群", "一"],
      ["甲群", "二"],
      ["甲群", "三"],
    ],
    script: { 甲群: [limited(30)] },
    rounds: [0, 0, 10_000, 20_000],
    delivered: { 甲群: ["一", "二", "三"] },
  },
  {
    name: "a failure in one chat does not hold back another",
    queue: [
      ["甲群", "甲"],
      ["乙群", "乙"],
    ],
    script: { 甲群: [down(), down()] },
    rounds: [],
    delivered: { 甲群: [], 乙群: ["乙"] },
  },
  {
    name: "a split reply whose part 2 fails: each part delivered once",
    queue: [["甲群", "第1段|第2段|第3段"]],
    script: { 甲群: ["ok", limited(5), "ok", down()] },
    rounds: [5000, 1000, 2000],
    delivered: { 甲群: ["第1段", "第2段", "第3段"] },
  },
  {
    name: "refused for good (chat not found): given up at once, the 管理员 told",
    queue: [["甲群", "已上报"]],
    script: { 甲群: [gone()] },
    rounds: [],
    delivered: { 甲群: [] },
    failed: 1,
    adminTold: true,
  },
  {
    name: "down past the maximum age: given up, the 管理员 told",
    queue: [["甲群", "已上报"]],
    script: { 甲群: Array.from({ length: 100 }, down) },
    rounds: minutes(30, 5 * 60_000),
    maxAgeMs: 2 * 3600_000,
    delivered: { 甲群: [] },
    failed: 1,
    adminTold: true,
  },
];

describe.each(ENGINES)("the outbox decides (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup(options: { maxAgeMs?: number; owner?: string } = {}) {
    const fresh = await freshDb(engine);
    const clock = fixedClock("2026-03-02T02:00:00.000Z");
    const chat = createScriptedPlatform("scripted", () => clock.now());
    const repos = createRepos(fresh.db);
    const admin = await repos.persons.add({ name: "周管理", role: "admin", townId: null, now: "2026-01-01" });
    await repos.persons.linkIdentity(admin.id, "scripted", "周管理");
    const bot = createBot({
      db: fresh.db,
      dataDir: fresh.dir,
      clock,
      log: pino({ level: "silent" }),
      settings: { campaignYear: 2026, botName: "整治助手" },
      outboxPollMs: 3_600_000,
      outbox: {
        owner: options.owner ?? "test-host",
        ...(options.maxAgeMs ? { retry: { maxAgeMs: options.maxAgeMs } } : {}),
      },
    });
    // Attached without start(): the rounds below are run by hand with drain().
    bot.platforms.set("scripted", chat.platform);
    const outbox = createOutboxRepo(fresh.db);
    let n = 0;
    const queue = (chatId: string, text: string) =>
      outbox.enqueue(
        `t:${n++}`,
        { platform: "scripted", chatId },
        { kind: "text", text },
        clock.now().toISOString(),
      );
    cleanup.push(async () => {
      await bot.stop();
      await fresh.db.destroy();
    });
    return { ...fresh, clock, chat, bot, queue, outbox };
  }

  test.each(ROWS)("$name", async (row) => {
    const { clock, chat, bot, queue, db } = await setup({ maxAgeMs: row.maxAgeMs });
    for (const [c, outcomes] of Object.entries(row.script)) chat.script(c, ...outcomes);
    for (const [c, text] of row.queue) await queue(c, text);
    await bot.outbox.drain();
    for (const ms of row.rounds) {
      clock.advance(ms);
      await bot.outbox.drain();
    }
    for (const [c, texts] of Object.entries(row.delivered)) expect(chat.textsIn(c)).toEqual(texts);
    if (row.failed !== undefined) {
      const failed = await db("outbox").where({ status: "failed" });
      expect(failed).toHaveLength(row.failed);
    }
    if (row.adminTold !== undefined) {
      const told = chat.textsIn("@周管理");
      expect(told.some((t) => t.includes("未能送达"))).toBe(row.adminTold);
    }
  });

  test("a chat whose send hangs does not hold up the others", async () => {
    const { chat, bot, queue } = await setup();
    const stuck = gate();
    chat.script("甲群", stuck);
    await queue("甲群", "甲一");
    await queue("甲群", "甲二");
    await queue("乙群", "乙一");
    await bot.start([chat.platform]);
    bot.outbox.kick();
    await chat.deliveredTo("乙群", 1);
    expect(chat.textsIn("甲群")).toEqual([]);
    stuck.open();
    await chat.deliveredTo("甲群", 2);
    expect(chat.textsIn("甲群")).toEqual(["甲一", "甲二"]);
  });

  test("a restart takes back this instance's claims at once: they go before newer replies", async () => {
    const { clock, chat, bot, queue, outbox, db } = await setup({ owner: "bot-1" });
    await queue("甲群", "一");
    await queue("甲群", "二");
    // The last run claimed both, then was killed mid-send: they stay claimed for the lease.
    const claimed = await outbox.claimDue({
      now: clock.now().toISOString(),
      leaseUntil: new Date(clock.now().getTime() + 180_000).toISOString(),
      limit: 10,
      owner: "bot-1",
    });
    expect(claimed).toHaveLength(2);
    await queue("甲群", "三");
    await bot.start([chat.platform]);
    await bot.outbox.drain();
    expect(chat.textsIn("甲群")).toEqual(["一", "二", "三"]);
    expect(await db("outbox").where({ status: "sent" })).toHaveLength(3);
  });

  test("another instance's lapsed claim is taken over, and its chat keeps its order", async () => {
    const { clock, chat, bot, queue, outbox } = await setup({ owner: "bot-2" });
    await queue("甲群", "一");
    await outbox.claimDue({
      now: clock.now().toISOString(),
      leaseUntil: new Date(clock.now().getTime() + 60_000).toISOString(),
      limit: 10,
      owner: "bot-1",
    });
    await queue("甲群", "二");
    await bot.outbox.drain();
    // bot-1 may still be sending "一": "二" waits for it.
    expect(chat.textsIn("甲群")).toEqual([]);
    clock.advance(61_000);
    await bot.outbox.drain();
    expect(chat.textsIn("甲群")).toEqual(["一", "二"]);
  });

  test("a platform-wide wait (WeCom 45009) holds the platform's other chats too", async () => {
    const { clock, chat, bot, queue } = await setup();
    chat.script("甲群", new PlatformRefusedError("api freq out of limit", 45009, 60_000, true, "platform"));
    await queue("甲群", "甲");
    await bot.outbox.drain();
    await queue("乙群", "乙");
    await bot.outbox.drain();
    expect(chat.delivered).toEqual([]);
    clock.advance(60_000);
    await bot.outbox.drain();
    expect(chat.textsIn("甲群")).toEqual(["甲"]);
    expect(chat.textsIn("乙群")).toEqual(["乙"]);
  });
});

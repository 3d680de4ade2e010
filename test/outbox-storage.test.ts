import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { PlatformRequestError } from "../base/errors.js";
import { createBot } from "../bot/create-bot.js";
import type { Platform } from "../bot/platform.js";
import type { Command } from "../commands/command.js";
import { COMMANDS } from "../commands/index.js";
import { filesDirOf } from "../storage/db.js";
import { createOutboxRepo } from "../storage/outbox-repo.js";
import { createRepos } from "../storage/repos.js";
import { createScriptedPlatform } from "./fakes/scripted-platform.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";

describe.each(ENGINES)("what the outbox holds (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup() {
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
      outbox: { retentionMs: 7 * 24 * 3600_000 },
    });
    bot.platforms.set("scripted", chat.platform);
    cleanup.push(async () => {
      await bot.stop();
      await fresh.db.destroy();
    });
    return { ...fresh, clock, chat, bot, outbox: createOutboxRepo(fresh.db) };
  }

  const chart = Buffer.from("89504e470d0a1a0a-a chart of the week", "utf8");

  test("a queued image's bytes sit on disk by content, once, not in the database", async () => {
    const { db, outbox, clock } = await setup();
    const now = clock.now().toISOString();
    for (const g of ["甲群", "乙群", "丙群"]) {
      await outbox.enqueue(
        `chart:${g}`,
        { platform: "scripted", chatId: g },
        { kind: "image", bytes: chart, fileName: "周通报.png" },
        now,
      );
    }
    expect(Number((await db("outbox_blobs").count({ n: "*" }).first())?.n)).toBe(0);
    const rows = await db("outbox").select("message_json");
    for (const r of rows) expect(r.message_json.length).toBeLessThan(200);
    const sha = JSON.parse(rows[0].message_json).blob as string;
    expect(existsSync(join(filesDirOf(db), sha.slice(0, 2), sha))).toBe(true);
  });

  test("a file missing from disk is not sent empty: given up, the 管理员 told", async () => {
    const { db, outbox, clock, bot, chat } = await setup();
    await outbox.enqueue(
      "ledger",
      { platform: "scripted", chatId: "甲群" },
      { kind: "file", bytes: chart, fileName: "台账.xlsx" },
      clock.now().toISOString(),
    );
    rmSync(filesDirOf(db), { recursive: true, force: true });
    await bot.outbox.drain();
    expect(chat.textsIn("甲群")).toEqual([]);
    const row = await db("outbox").where({ idempotency_key: "ledger" }).first();
    expect(row.status).toBe("failed");
    expect(row.last_error).toContain("missing");
    expect(chat.textsIn("@周管理").join("")).toContain("未能送达");
  });

  test("delivered messages, their files, handled inbound rows and finished file jobs are pruned after the retention", async () => {
    const { db, outbox, clock, bot, chat } = await setup();
    await outbox.enqueue(
      "old",
      { platform: "scripted", chatId: "甲群" },
      { kind: "image", bytes: chart },
      clock.now().toISOString(),
    );
    await bot.outbox.drain();
    expect(chat.textsIn("甲群")).toEqual(["[image]"]);
    await createRepos(db).inbound.store(
      {
        platform: "scripted",
        messageId: "m1",
        chat: { id: "甲群", kind: "group" },
        sender: { id: "x" },
        kind: "text",
        text: "hi",
        receivedAt: clock.now(),
      },
      null,
    );
    await db("inbound_messages").update({ status: "done" });
    const jobs = createRepos(db).fileJobs;
    const at = clock.now().toISOString();
    for (const key of ["built", "building"]) {
      const reply = { platform: "scripted", chatId: "甲群" };
      await jobs.enqueue({
        key,
        kind: "ledger",
        args: {},
        reply,
        requestedAt: at,
        personId: null,
        inboundId: null,
        now: at,
      });
    }
    await db("file_jobs").where({ job_key: "built" }).update({ status: "done", finished_at: at });
    // Not finished: waiting for its next try (on SQLite a job left `running` is the last run's and is
    // taken over at start, so "unfinished" is a pending job whose retry is not yet due).
    await db("file_jobs")
      .where({ job_key: "building" })
      .update({ status: "pending", lease_until: "2999-01-01T00:00:00.000Z" });
    clock.advance(8 * 24 * 3600_000);
    await outbox.enqueue(
      "new",
      { platform: "scripted", chatId: "甲群" },
      { kind: "text", text: "新" },
      clock.now().toISOString(),
    );
    await bot.start([]);
    await bot.outbox.drain();
    await bot.stop();
    expect((await db("outbox").select("idempotency_key")).map((r) => r.idempotency_key)).toEqual(["new"]);
    expect(await db("inbound_messages")).toHaveLength(0);
    // A job not finished stays, whatever its age (its result is still to be queued).
    expect((await db("file_jobs").select("job_key")).map((r) => r.job_key)).toEqual(["building"]);
    // The chart's file went with its last row.
    const left = readdirSync(filesDirOf(db), { recursive: true }).filter((f) => String(f).length > 2);
    expect(left).toEqual([]);
  });
});

describe.each(ENGINES)("platforms fail on their own (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  test("a platform failure inside a command never reaches the chat: the generic answer does", async () => {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const leaky: Command = {
      name: "泄露",
      roles: ["inspector"],
      summary: "test",
      usage: "泄露",
      async run() {
        throw new PlatformRequestError("企业微信请求失败（/cgi-bin/gettoken）：ECONNREFUSED 10.0.0.7");
      },
    };
    const t = await startTestBot(fresh.db, fresh.dir, { commands: [...COMMANDS, leaky] });
    cleanup.push(async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    });
    const reply = await t.say("张三", GY_GROUP, "泄露");
    expect(reply).toBe("处理这条消息时出错，已记录，请稍后再试或联系管理员。");
  });

  test("a platform that cannot start is retried in the background while the others run", async () => {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    let tries = 0;
    let up: () => void = () => {};
    const upNow = new Promise<void>((r) => {
      up = r;
    });
    const unreachable: Platform = {
      name: "telegram",
      capabilities: { markdown: true, image: true, file: true, mention: true, maxTextBytes: 4096 },
      async start() {
        if (++tries < 3) throw new PlatformRequestError("getMe: ETIMEDOUT");
        up();
      },
      async stop() {},
      async send() {},
      status: () => ({ connected: tries >= 3, since: new Date(0) }),
    };
    const t = await startTestBot(fresh.db, fresh.dir, { extraPlatforms: [unreachable] });
    cleanup.push(async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    });
    // The memory chat runs although Telegram did not start…
    expect(await t.say("张三", GY_GROUP, "帮助")).toContain("帮助");
    // …and Telegram starts once it can be reached (1 s, then 2 s later).
    await upNow;
    expect(tries).toBe(3);
  });
});

import { afterEach, describe, expect, test } from "vitest";
import { InputError } from "../base/errors.js";
import type { Command } from "../commands/command.js";
import { COMMANDS } from "../commands/index.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

describe.each(ENGINES)("nothing lost, nothing twice (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup(commands?: Command[]) {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir, { commands });
    cleanup.push(async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    });
    return { ...fresh, ...t };
  }

  test("a message delivered three times is handled once and answered once", async () => {
    const { chat, bot, db } = await setup();
    for (let i = 0; i < 3; i++) await chat.post("张三", GY_GROUP, REPORT, "msg-1");
    await bot.settle();
    expect(chat.textsIn(GY_GROUP).filter((t) => t.includes("已上报"))).toHaveLength(1);
    expect(Number((await db("enterprises").count({ n: "*" }).first())?.n)).toBe(1);
  });

  test("a message stored before a crash is handled at the next start, once, even when redelivered", async () => {
    const { db, dir, chat } = await setup();
    // What receive() does first, and all a crash leaves behind: the stored message, not yet handled.
    await createRepos(db).inbound.store(
      {
        platform: "memchat",
        messageId: "before-crash",
        chat: { id: GY_GROUP, kind: "group", title: GY_GROUP },
        sender: { id: "张三" },
        kind: "text",
        text: REPORT,
        receivedAt: new Date("2017-03-01T02:00:00Z"),
      },
      null,
    );
    expect(chat.sent).toHaveLength(0);

    // The next run: a new bot on the same database recovers it; WeCom-style redelivery is ignored.
    const next = await startTestBot(db, dir);
    cleanup.push(() => next.bot.stop());
    await next.bot.settle();
    await next.chat.post("张三", GY_GROUP, REPORT, "before-crash");
    await next.bot.settle();
    expect(next.chat.textsIn(GY_GROUP)).toHaveLength(1);
    expect(next.chat.lastIn(GY_GROUP)).toContain("✅ 已上报 GY-0001");
  });

  test("an unexpected failure mid-command leaves no half-written data and a clear answer", async () => {
    const exploding: Command = {
      name: "爆炸",
      roles: ["inspector"],
      summary: "test",
      usage: "爆炸",
      async run(ctx) {
        await ctx.repos.enterprises.update(1, { state: "拆除到位" });
        throw new Error("disk on fire");
      },
    };
    const { say, db } = await setup([...COMMANDS, exploding]);
    await say("张三", GY_GROUP, REPORT);
    const reply = await say("张三", GY_GROUP, "爆炸");
    expect(reply).toBe("处理这条消息时出错，已记录，请稍后再试或联系管理员。");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("待整治");
    const failed = await db("inbound_messages").where({ status: "failed" });
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toContain("disk on fire");
  });

  test("a failed statement undoes only its message: the next one in the same batch is handled", async () => {
    // On PostgreSQL a failed statement aborts the whole transaction until it is rolled back to the
    // message's savepoint; the messages after it in the batch must not pay for it.
    const broken: Command = {
      name: "坏表",
      roles: ["inspector"],
      summary: "test",
      usage: "坏表",
      async run(ctx) {
        await ctx.repos.enterprises.update(1, { state: "拆除到位" });
        await ctx.repos.db.raw("select * from no_such_table");
      },
    };
    const { chat, bot, db } = await setup([...COMMANDS, broken]);
    await chat.post("张三", GY_GROUP, REPORT);
    await bot.settle();
    // Posted together, so they are stored together and handled in one transaction.
    await Promise.all([
      chat.post("张三", GY_GROUP, "坏表"),
      chat.post("张三", GY_GROUP, "进展 GY-0001 正在拆除"),
    ]);
    await bot.settle();
    const texts = chat.textsIn(GY_GROUP);
    expect(texts.slice(1)).toEqual([
      "处理这条消息时出错，已记录，请稍后再试或联系管理员。",
      expect.stringContaining("待整治 → 正在拆除"),
    ]);
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("正在拆除");
  });

  test("a user error undoes the command's writes but the message is done", async () => {
    const halfway: Command = {
      name: "半途",
      roles: ["inspector"],
      summary: "test",
      usage: "半途",
      async run(ctx) {
        await ctx.repos.enterprises.update(1, { state: "拆除到位" });
        throw new InputError("写错了");
      },
    };
    const { say, db } = await setup([...COMMANDS, halfway]);
    await say("张三", GY_GROUP, REPORT);
    expect(await say("张三", GY_GROUP, "半途")).toBe("写错了");
    expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("待整治");
  });

  test("an outage of the chat service delays replies, loses none and duplicates none, in order", async () => {
    const { chat, bot, clock } = await setup();
    chat.setDown(true);
    await chat.post("张三", GY_GROUP, REPORT);
    await chat.post("张三", GY_GROUP, "进展 GY-0001 正在拆除");
    await chat.post("张三", GY_GROUP, "查询 GY-0001");
    await bot.settle();
    expect(chat.sent).toHaveLength(0);
    // Retries while still down back off; nothing goes out.
    clock.advance(5_000);
    await bot.outbox.drain();
    expect(chat.sent).toHaveLength(0);

    chat.setDown(false);
    clock.advance(10 * 60_000);
    await bot.outbox.drain();
    const texts = chat.textsIn(GY_GROUP);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain("已上报 GY-0001");
    expect(texts[1]).toContain("待整治 → 正在拆除");
    expect(texts[2]).toContain("完成情况：正在拆除");
    clock.advance(10 * 60_000);
    await bot.outbox.drain();
    expect(chat.textsIn(GY_GROUP)).toHaveLength(3);
  });
});

describe.each(ENGINES)("migrations (%s)", (engine) => {
  test("migrate down to nothing and up again", async () => {
    const { db } = await freshDb(engine);
    const { migrationSource } = await import("../storage/migrations/index.js");
    await db.migrate.rollback({ migrationSource }, true);
    expect(await db.schema.hasTable("enterprises")).toBe(false);
    await db.migrate.latest({ migrationSource });
    expect(await db.schema.hasTable("enterprises")).toBe(true);
    await db.destroy();
  });
});

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { SET_ASIDE_REPLY } from "../bot/set-aside.js";
import type { Command } from "../commands/command.js";
import { COMMANDS } from "../commands/index.js";
import { sqlOf } from "../storage/sql.js";
import { startChildBot } from "./helpers/child-bot.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/**
 * A command that breaks out of its message's savepoint (it releases it, then fails): the failure
 * is no longer the message's alone but its whole batch's, as when a message's handling makes the
 * transaction itself fail.
 */
const escaping: Command = {
  name: "越界",
  roles: ["inspector"],
  summary: "test",
  usage: "越界",
  async run(ctx) {
    await sqlOf(ctx.repos.db).run("RELEASE SAVEPOINT message");
    throw new Error("the transaction is broken");
  },
};

describe.each(ENGINES)("a message that keeps failing is set aside (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  test("its batch splits, the others are answered, its sender and the 管理员 are told, once", async () => {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir, { commands: [...COMMANDS, escaping] });
    cleanup.push(async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    });
    // Posted together: stored together and handled in one transaction, the bad one in the middle.
    await Promise.all([
      t.chat.post("李四", GY_GROUP, "进度"),
      t.chat.post("张三", GY_GROUP, "越界"),
      t.chat.post("张三", GY_GROUP, REPORT),
    ]);
    await t.bot.settle();

    const texts = t.chat.textsIn(GY_GROUP);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain("古荥镇");
    expect(texts[1]).toBe(SET_ASIDE_REPLY);
    expect(texts[2]).toContain("✅ 已上报 GY-0001");
    const toAdmin = t.chat.sent.filter((s) => s.target.userId === "周管理");
    expect(toAdmin).toHaveLength(1);
    expect((toAdmin[0]?.message as { text: string } | undefined)?.text).toMatch(
      /一条消息多次处理失败，已搁置[\s\S]*古荥镇工作群 · 张三：「越界」/,
    );
    const row = await fresh.db("inbound_messages").where({ text: "越界" }).first();
    expect(row).toMatchObject({ status: "failed", attempts: 3 });

    // The next start does not try it again.
    const next = await startTestBot(fresh.db, fresh.dir, { commands: [...COMMANDS, escaping] });
    cleanup.push(() => next.bot.stop());
    await next.bot.settle();
    expect(next.chat.sent).toEqual([]);
  });
});

test("a message that ends the process is set aside after three starts; the bot then stays up", async () => {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-crash-"));
  const env = {
    SQLITE_PATH: join(dir, "bot.sqlite"),
    DATA_DIR: dir,
    DEMO_DATA: "yes",
    HUANBAO_TEST_CRASH: "yes",
  };
  // 张三 sends a message whose handling kills the process (as an out-of-memory kill would).
  const first = startChildBot(env);
  first.say("崩溃");
  expect(await first.ended).toBe("SIGKILL");
  // Each start handles what the last one left pending; the message is tried again, alone.
  const outcomes: string[] = [];
  let bot = first;
  for (let start = 2; start <= 5 && outcomes.at(-1) !== "printed"; start++) {
    bot = startChildBot(env);
    outcomes.push(await bot.waitFor(SET_ASIDE_REPLY));
  }
  try {
    expect(outcomes).toEqual(["ended", "ended", "printed"]);
    // The sender is told in their group, the 管理员 privately, and the bot answers the next message.
    expect(bot.output()).toContain(`🤖 → 古荥镇工作群\n  ${SET_ASIDE_REPLY}`);
    expect(await bot.waitFor("一条消息多次处理失败")).toBe("printed");
    expect(bot.output()).toMatch(
      /🤖 → 周管理\n {2}⚠️ 运行告警：一条消息多次处理失败，已搁置\n.*张三：「崩溃」/,
    );
    bot.say("进度 古荥镇");
    expect(await bot.waitFor("古荥镇整治进度")).toBe("printed");
  } finally {
    await bot.kill();
  }
}, 180_000);

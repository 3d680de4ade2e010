import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type Db, openDb } from "../storage/db.js";
import { loadDemoData } from "../storage/demo-data.js";
import { startChildBot } from "./helpers/child-bot.js";
import { GY_GROUP, REPORT } from "./helpers/test-bot.js";
import { reportIn, sharedPostgres } from "./helpers/two-instances.js";

const GENERIC_FAILURE = "处理这条消息时出错，已记录，请稍后再试或联系管理员。";

/** Several instances on one PostgreSQL: the setup the README supports besides one SQLite file. */
describe.skipIf(!process.env.TEST_DATABASE_URL)("two instances on one PostgreSQL", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  }, 180_000);

  test("1,000 reports over two instances are all filed, none answered with an error", async () => {
    const pg = await sharedPostgres();
    cleanup.push(() => pg.close());
    const a = await pg.startInstance();
    const b = await pg.startInstance();
    const perInstance = 500;
    // Each instance gets reports for every town, interleaved, as fast as they come: one batch holds
    // several towns, and the other instance's batch the same towns in another order.
    const post = (instance: typeof a, tag: string) =>
      Promise.all(
        Array.from({ length: perInstance }, (_, i) => {
          const group = pg.groups[(i * 3 + (tag === "A" ? 0 : 5)) % pg.groups.length]!;
          return instance.chat.post("王五", group, reportIn(`${tag}厂${i}`));
        }),
      );
    await Promise.all([post(a, "A"), post(b, "B")]);
    await Promise.all([a.bot.settle(), b.bot.settle()]);

    const texts = pg.groups.flatMap((g) => [...a.chat.textsIn(g), ...b.chat.textsIn(g)]);
    expect(texts.filter((t) => t === GENERIC_FAILURE)).toEqual([]);
    expect(texts.filter((t) => t.startsWith("✅ 已上报"))).toHaveLength(2 * perInstance);
    // Case numbers: each town's run from 0001 without a gap or a repeat.
    const cases = await pg.db("enterprises").select("case_no");
    expect(cases).toHaveLength(2 * perInstance);
    const byCode = new Map<string, number[]>();
    for (const { case_no } of cases) {
      const [code, n] = String(case_no).split("-");
      byCode.set(code!, [...(byCode.get(code!) ?? []), Number(n)]);
    }
    for (const numbers of byCode.values()) {
      expect(numbers.sort((x, y) => x - y)).toEqual(numbers.map((_, i) => i + 1));
    }
    expect(await pg.db("inbound_messages").whereNot({ status: "done" })).toEqual([]);
  }, 180_000);

  test("tips registered on both instances at once get numbers one after another, none twice", async () => {
    const pg = await sharedPostgres();
    cleanup.push(() => pg.close());
    const [a, b] = [await pg.startInstance(), await pg.startInstance()];
    const tip = (i: number) => `线索 废塑料加工${i} 地点 花园口镇八堡村 来源 市长热线 期限 3月5日`;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        a.chat.post("王五", "@王五", tip(i)),
        b.chat.post("王五", "@王五", tip(100 + i)),
      ]).flat(),
    );
    await Promise.all([a.bot.settle(), b.bot.settle()]);
    const texts = [...a.chat.textsIn("@王五"), ...b.chat.textsIn("@王五")];
    expect(texts.filter((t) => t === GENERIC_FAILURE)).toEqual([]);
    const numbers = texts.map((t) => /已登记线索 XS-(\d+)/.exec(t)?.[1]).map(Number);
    expect(numbers.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("transient database errors on PostgreSQL", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  /** Resolves once a statement of the bot's waits for a lock held elsewhere. */
  async function botWaitsForLock(db: Db, statement: RegExp): Promise<number> {
    for (;;) {
      const { rows } = await db.raw(
        "select pid, query from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()",
      );
      const waiting = (rows as { pid: number; query: string }[]).find((r) => statement.test(r.query));
      if (waiting) return waiting.pid;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test("a report chosen as a deadlock's victim is filed on the next try, never answered with an error", async () => {
    const pg = await sharedPostgres();
    cleanup.push(() => pg.close());
    const bot = await pg.startInstance();
    const gy = await pg.db("towns").where({ name: "古荥镇" }).first();
    // Another session holds 张三's row, which the report writes last (the person's focus)…
    const other = await pg.db.transaction();
    await other.raw("set local deadlock_timeout = '60s'");
    await other.raw("select id from persons where name = ? for no key update", ["张三"]);
    await bot.chat.post("张三", GY_GROUP, REPORT);
    await botWaitsForLock(pg.db, /update persons/);
    // …and now wants the town's 进度 count the report wrote before: a circle, which PostgreSQL
    // breaks by failing the report's statement.
    await other.raw(
      `insert into progress_cells (town_id, type, requirement, state, closed, n) values (?, '小散乱污', '限期拆除', '待整治', false, 0)
       on conflict (town_id, type, requirement, state, closed) do update set n = progress_cells.n`,
      [gy.id],
    );
    await other.rollback();
    await bot.bot.settle();
    expect(bot.chat.textsIn(GY_GROUP)).toEqual([expect.stringContaining("✅ 已上报 GY-0001")]);
    expect(await pg.db("enterprises").pluck("case_no")).toEqual(["GY-0001"]);
  });

  test("a connection lost mid-batch: the message is handled again once the database answers", async () => {
    const pg = await sharedPostgres();
    cleanup.push(() => pg.close());
    const bot = await pg.startInstance();
    const other = await pg.db.transaction();
    await other.raw("select id from persons where name = ? for no key update", ["张三"]);
    await bot.chat.post("张三", GY_GROUP, REPORT);
    const pid = await botWaitsForLock(pg.db, /update persons/);
    await pg.db.raw("select pg_terminate_backend(?)", [pid]);
    await other.rollback();
    await bot.bot.settle();
    expect(bot.chat.textsIn(GY_GROUP)).toEqual([expect.stringContaining("✅ 已上报 GY-0001")]);
    expect(await pg.db("enterprises").pluck("case_no")).toEqual(["GY-0001"]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("an instance that dies on PostgreSQL", () => {
  test("killed after acknowledging 400 messages: the other instance takes them over and answers each once", async () => {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const databaseUrl = process.env.TEST_DATABASE_URL!;
    const db = await openDb({ databaseUrl, schema });
    await loadDemoData(db, new Date(), { console: true });
    const env = {
      DATABASE_URL: databaseUrl,
      HUANBAO_TEST_SCHEMA: schema,
      DATA_DIR: mkdtempSync(join(tmpdir(), "huanbao-takeover-")),
      HUANBAO_TEST_LEASE_MS: "2000",
    };
    const survivor = startChildBot(env);
    const doomed = startChildBot(env);
    try {
      await Promise.all([survivor.ready, doomed.ready]);
      // Another session holds the chats table: messages are stored (acknowledged), not handled.
      const hold = await db.transaction();
      await hold.raw("lock table chats in access exclusive mode");
      doomed.say(...Array.from({ length: 400 }, (_, i) => `查询 第${i}号`));
      for (let stored = 0; stored < 400; await new Promise((r) => setTimeout(r, 50))) {
        stored = Number((await db("inbound_messages").count({ n: "*" }).first())?.n);
      }
      expect(await doomed.kill()).toBe("SIGKILL");
      await hold.rollback();

      // Each of the 400 is answered, once, by the instance that lives.
      for (let i = 0; i < 400; i++) {
        expect(await survivor.waitFor(`未找到名称含“第${i}号”的企业`, 60_000)).toBe("printed");
      }
      for (let i = 0; i < 400; i++) {
        expect(survivor.output().split(`未找到名称含“第${i}号”的企业`)).toHaveLength(2);
      }
      expect(await db("inbound_messages").whereNot({ status: "done" })).toEqual([]);
    } finally {
      await Promise.all([survivor.kill(), doomed.kill()]);
      await db.destroy();
    }
  }, 180_000);
});

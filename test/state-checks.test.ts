import { afterEach, describe, expect, test } from "vitest";
import type { Db } from "../storage/db.js";
import { migrationSource } from "../storage/migrations/index.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const MIGRATION = "20261129-015-state-checks";
const REBUILT = [
  "enterprises",
  "persons",
  "chats",
  "inbound_messages",
  "outbox",
  "job_runs",
  "inspection_tasks",
  "transfers",
  "escalations",
  "tips",
  "operator_alerts",
];

/** Every row of the tables the migration rebuilds on SQLite, in id order. */
async function snapshot(db: Db) {
  const rows: Record<string, unknown[]> = {};
  for (const table of REBUILT) rows[table] = await db(table).orderBy("id");
  return rows;
}

/** Whether the database takes a value outside a column's list (tried in a transaction, undone). */
async function accepts(db: Db, write: (trx: Db) => Promise<unknown>): Promise<boolean> {
  const trx = await db.transaction();
  try {
    await write(trx);
    return true;
  } catch {
    return false;
  } finally {
    await trx.rollback().catch(() => undefined);
  }
}

describe.each(ENGINES)("state columns keep to their values (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup() {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir);
    cleanup.push(async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    });
    // A reported case (with its inbound message, chat, replies queued and sent) and a queued reply.
    expect(await t.say("张三", GY_GROUP, REPORT)).toContain("已上报 GY-0001");
    return { ...fresh, ...t };
  }

  const badState = (db: Db) => db("enterprises").where({ case_no: "GY-0001" }).update({ state: "已完成" });
  const badStatus = (db: Db) => db("outbox").update({ status: "delivered" });
  const badRole = (db: Db) => db("persons").where({ name: "张三" }).update({ role: "boss" });

  test("a value outside the column's list is refused by the database", async () => {
    const { db } = await setup();
    expect(await accepts(db, badState)).toBe(false);
    expect(await accepts(db, badStatus)).toBe(false);
    expect(await accepts(db, badRole)).toBe(false);
    // The values the bot writes still go in; a nullable column still takes null.
    expect(await accepts(db, (trx) => trx("enterprises").update({ state: "正在拆除" }))).toBe(true);
    expect(await accepts(db, (trx) => trx("chats").update({ purpose: null }))).toBe(true);
  });

  test("the migration goes down and up again keeping every row, the id counters and the foreign keys", async () => {
    const { db } = await setup();
    // An id handed out and deleted again must not be handed out a second time after the rebuild.
    const [gone] = await db("outbox")
      .insert({
        idempotency_key: "deleted",
        platform: "memchat",
        target_json: "{}",
        message_json: "{}",
        status: "sent",
        next_attempt_at: "2017-03-01T02:00:00.000Z",
        created_at: "2017-03-01T02:00:00.000Z",
      })
      .returning("id");
    await db("outbox").where({ id: gone.id }).delete();
    const before = await snapshot(db);
    expect(before.enterprises).toHaveLength(1);
    expect(before.outbox?.length).toBeGreaterThan(0);

    await db.migrate.down({ migrationSource, name: MIGRATION });
    expect(await snapshot(db)).toEqual(before);
    expect(await accepts(db, badState)).toBe(true);

    await db.migrate.up({ migrationSource, name: MIGRATION });
    expect(await snapshot(db)).toEqual(before);
    expect(await accepts(db, badState)).toBe(false);

    // Foreign keys and indexes are untouched, and the counters went on.
    const repos = createRepos(db);
    const [enterprise] = await db("enterprises").select("id");
    await expect(
      db("enterprise_photos").insert({
        enterprise_id: 999_999,
        sha256: "x",
        attached_at: "2017-03-01T02:00:00.000Z",
      }),
    ).rejects.toThrow();
    expect((await repos.enterprises.byId(enterprise.id))?.caseNo).toBe("GY-0001");
    await repos.outbox.enqueue(
      "after",
      { platform: "memchat", chatId: GY_GROUP },
      { kind: "text", text: "x" },
      "t",
    );
    const after = await db("outbox").where({ idempotency_key: "after" }).first();
    expect(after.id).toBeGreaterThan(gone.id);
  });

  test("a database holding a value outside the list is not migrated, and keeps its rows as they were", async () => {
    const { db } = await setup();
    await db.migrate.down({ migrationSource, name: MIGRATION });
    await badState(db);
    const before = await snapshot(db);
    await expect(db.migrate.up({ migrationSource, name: MIGRATION })).rejects.toThrow(/check|constraint/i);
    expect(await snapshot(db)).toEqual(before);
    expect(await accepts(db, badStatus)).toBe(true);
  });
});

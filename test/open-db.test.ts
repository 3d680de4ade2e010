import { afterEach, describe, expect, test } from "vitest";
import type { Db } from "../storage/db.js";
import { migrationSource } from "../storage/migrations/index.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

// A start opens the database and brings its schema up to date (storage/db.ts). An instance that holds
// knex's migration lock — one starting at the same moment, or a migration that crashed — must not stop
// another from starting when there is nothing to migrate; a pending or unknown migration still goes
// through knex, which waits for no one and refuses.
describe.each(ENGINES)("opening the database (%s)", (engine) => {
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
  });

  async function setup() {
    const fresh = await freshDb(engine);
    open.push(fresh.db);
    const reopen = async () => {
      const db = await fresh.reopen();
      open.push(db);
      return db;
    };
    return { db: fresh.db, reopen };
  }

  test("a restart with the schema up to date starts while the migration lock is held", async () => {
    const { db, reopen } = await setup();
    await db("knex_migrations_lock").update({ is_locked: 1 });
    const again = await reopen();
    expect(await again("towns").count({ n: "*" })).toEqual([{ n: expect.anything() }]);
  });

  test("a pending migration still waits for the lock, and runs once it is free", async () => {
    const { db, reopen } = await setup();
    const all = await migrationSource.getMigrations([]);
    const last = all.at(-1) ?? "";
    await db.migrate.down({ migrationSource, name: last });
    await db("knex_migrations_lock").update({ is_locked: 1 });
    await expect(reopen()).rejects.toThrow(/locked/i);
    await db("knex_migrations_lock").update({ is_locked: 0 });
    await reopen();
    const done = (await db("knex_migrations").select("name")).map((r) => r.name);
    expect(done).toEqual(all);
  });

  test("a database migrated by a newer version is refused, as before", async () => {
    const { db, reopen } = await setup();
    await db("knex_migrations").insert({
      name: "20991231-999-future",
      batch: 99,
      migration_time: new Date(),
    });
    await expect(reopen()).rejects.toThrow(/20991231-999-future/);
  });
});

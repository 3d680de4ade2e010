import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDb } from "../../storage/db.js";

/** The engines every storage test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: ("sqlite" | "postgres")[] = process.env.TEST_DATABASE_URL
  ? ["sqlite", "postgres"]
  : ["sqlite"];

/** A fresh, migrated database: a new SQLite file, or a new PostgreSQL schema. */
export async function freshDb(
  engine: "sqlite" | "postgres",
): Promise<{ db: Db; dir: string; reopen: () => Promise<Db> }> {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-test-"));
  if (engine === "sqlite") {
    const sqlitePath = join(dir, "test.sqlite");
    return { db: await openDb({ sqlitePath }), dir, reopen: () => openDb({ sqlitePath }) };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const databaseUrl = process.env.TEST_DATABASE_URL!;
  return {
    db: await openDb({ databaseUrl, schema, filesDir: join(dir, "outbox") }),
    dir,
    reopen: () => openDb({ databaseUrl, schema, filesDir: join(dir, "outbox") }),
  };
}

import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import knexFactory, { type Knex } from "knex";
import { migrationSource } from "./migrations/index.js";

export type Db = Knex;

export interface DbOptions {
  /** postgres://… — PostgreSQL; otherwise SQLite at `sqlitePath`. */
  databaseUrl?: string;
  sqlitePath?: string;
  /** PostgreSQL schema to use (tests give each file its own). */
  schema?: string;
  /**
   * Where queued images and files keep their bytes (storage/outbox-files.ts). Default: an
   * `outbox` folder beside the SQLite file, or data/outbox with PostgreSQL.
   */
  filesDir?: string;
}

// The folder travels with the connection's config, which knex shares with every transaction on it.
const filesDirs = new WeakMap<object, string>();

/** The folder for queued files of this connection or any transaction on it. */
export function filesDirOf(db: Db): string {
  return filesDirs.get(db.client.config) ?? join("data", "outbox");
}

/**
 * Opens the database and brings its schema up to date. SQLite by default (a file under ./data),
 * PostgreSQL when a URL is given. Dialect differences stay inside storage/.
 */
export async function openDb(options: DbOptions): Promise<Db> {
  let db: Knex;
  if (options.databaseUrl) {
    db = knexFactory({
      client: "pg",
      connection: options.databaseUrl,
      searchPath: options.schema ? [options.schema] : undefined,
      pool: { min: 0, max: 10 },
    });
    if (options.schema) await db.raw(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  } else {
    const filename = options.sqlitePath ?? "data/huanbao.sqlite";
    if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true });
    db = knexFactory({
      client: "better-sqlite3",
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: SqliteConnection, done: (err: Error | null, c: unknown) => void) => {
          cacheStatements(conn);
          // WAL + NORMAL: durable at each commit's checkpoint, fast enough for 1,000 reports/s.
          conn.pragma("journal_mode = WAL");
          conn.pragma("synchronous = NORMAL");
          conn.pragma("foreign_keys = ON");
          conn.pragma("busy_timeout = 5000");
          done(null, conn);
        },
      },
    });
  }
  const sqlite = options.sqlitePath ?? "data/huanbao.sqlite";
  filesDirs.set(
    db.client.config,
    options.filesDir ??
      (options.databaseUrl
        ? join("data", "outbox")
        : sqlite === ":memory:"
          ? join(tmpdir(), `huanbao-outbox-${process.pid}`)
          : join(dirname(sqlite), "outbox")),
  );
  if (!(await schemaUpToDate(db, options.schema))) {
    await db.migrate.latest({ migrationSource, schemaName: options.schema });
  }
  return db;
}

/**
 * True when exactly this version's migrations are recorded as done: then a start takes no migration
 * lock. knex's latest() takes it even when there is nothing to do, and fails at once while another
 * instance holds it (two instances starting together, or a lock a crashed migration left behind);
 * its checks were also a tenth of a restart's work. Anything else (a new database, a pending
 * migration, one this version does not know) goes through latest(), which migrates or refuses.
 */
async function schemaUpToDate(db: Knex, schema: string | undefined): Promise<boolean> {
  let done: Set<string>;
  try {
    const rows: { name: string }[] = await (schema ? db.withSchema(schema) : db)
      .select("name")
      .from("knex_migrations");
    done = new Set(rows.map((r) => r.name));
  } catch {
    return false; // no migrations table yet
  }
  const all = await migrationSource.getMigrations([]);
  return done.size === all.length && all.every((name) => done.has(name));
}

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

/**
 * knex prepares every query anew; on SQLite preparing costs about as much as running. The bot
 * sends a few dozen distinct statements, so a small cache of prepared ones pays for itself.
 */
const KNEX_SAVEPOINT = /^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) trx\d+/;

function cacheStatements(conn: SqliteConnection, limit = 500): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    // knex names its savepoints per transaction (trx42): one-off statements, not worth keeping.
    if (KNEX_SAVEPOINT.test(sql)) return prepare(sql);
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= limit) cache.clear();
      cache.set(sql, statement);
    }
    return statement;
  };
}

/** SQLite (one connection, one writer) rather than PostgreSQL. */
export const isSqlite = (db: Db): boolean =>
  (db.client as { config: { client: unknown } }).config.client === "better-sqlite3";

/** Timestamps are stored as ISO-8601 text on both engines, so they sort and compare alike. */
export const iso = (d: Date): string => d.toISOString();

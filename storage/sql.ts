import type { Knex } from "knex";
import type { Db } from "./db.js";

/**
 * Statements on the path every message takes, without knex's per-query building and running
 * (measured at several times the cost of the statement itself on SQLite). One SQL text serves both
 * engines: `?` placeholders, unquoted identifiers, `returning` and `on conflict` as both support.
 * On SQLite it runs as a cached prepared statement on the caller's connection (so inside the
 * caller's transaction); on PostgreSQL through knex.raw, which numbers the placeholders.
 */
export interface Sql {
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  first<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs a statement that returns no rows; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

// biome-ignore lint/suspicious/noExplicitAny: a raw row from either engine
export type Row = Record<string, any>;

interface SqliteStatement {
  reader: boolean;
  all(params: unknown[]): unknown[];
  run(params: unknown[]): { changes: number };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface KnexClient {
  config: { client: unknown };
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

const sqliteValue = (v: unknown) => (v === undefined ? null : typeof v === "boolean" ? Number(v) : v);

const made = new WeakMap<Db, Sql>();

/** The executor for a connection or transaction (made once per one). */
export function sqlOf(db: Db): Sql {
  let sql = made.get(db);
  if (!sql) {
    sql = (db.client as KnexClient).config.client === "better-sqlite3" ? viaSqlite(db) : viaKnex(db);
    made.set(db, sql);
  }
  return sql;
}

function viaSqlite(db: Db): Sql {
  const client = db.client as KnexClient;
  const trx = db.isTransaction ? (db as Knex.Transaction) : undefined;
  let trxConnection: SqliteConnection | undefined;
  /**
   * In a transaction, its connection (it stays the same, so it is asked for once); otherwise one
   * taken from the pool and given back, as knex would do (the pool has one connection: a statement
   * outside a transaction waits for the transaction to end).
   */
  async function onConnection<T>(work: (conn: SqliteConnection) => T): Promise<T> {
    if (trx) {
      if (trx.isCompleted()) throw new Error("statement on a finished transaction");
      trxConnection ??= (await client.acquireConnection()) as SqliteConnection;
      return work(trxConnection);
    }
    const conn = (await client.acquireConnection()) as SqliteConnection;
    try {
      return work(conn);
    } finally {
      await client.releaseConnection(conn);
    }
  }
  const all = <T>(sql: string, params: readonly unknown[] = []) =>
    onConnection((conn) => {
      const statement = conn.prepare(sql);
      const values = params.map(sqliteValue);
      if (statement.reader) return statement.all(values) as T[];
      statement.run(values);
      return [] as T[];
    });
  return {
    all,
    first: async <T>(sql: string, params?: readonly unknown[]) => (await all<T>(sql, params))[0],
    run: (sql, params = []) => onConnection((conn) => conn.prepare(sql).run(params.map(sqliteValue)).changes),
  };
}

function viaKnex(db: Db): Sql {
  const raw = (sql: string, params: readonly unknown[]) =>
    db.raw(sql, params.map((v) => (v === undefined ? null : v)) as Knex.RawBinding[]);
  const all = async <T>(sql: string, params: readonly unknown[] = []) =>
    ((await raw(sql, params)) as { rows: T[] }).rows;
  return {
    all,
    first: async <T>(sql: string, params?: readonly unknown[]) => (await all<T>(sql, params))[0],
    run: async (sql, params = []) => ((await raw(sql, params)) as { rowCount: number | null }).rowCount ?? 0,
  };
}

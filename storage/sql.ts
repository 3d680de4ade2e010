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
  /** The rows as the driver gives them: a repository decodes them (storage/row-schema.ts). */
  all(sql: string, params?: readonly unknown[]): Promise<unknown[]>;
  first(sql: string, params?: readonly unknown[]): Promise<unknown>;
  /** Runs a statement that returns no rows; resolves with the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

interface SqliteStatement {
  reader: boolean;
  all(params: unknown[]): unknown[];
  run(params: unknown[]): { changes: number };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
/** The part of knex's (untyped) client this file uses. */
interface KnexClient {
  config: { client: unknown };
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection): Promise<unknown>;
}
/** What knex.raw resolves to on PostgreSQL: node-postgres's result. */
interface PgResult {
  rows: unknown[];
  rowCount: number | null;
}

const isTransaction = (db: Db): db is Knex.Transaction => db.isTransaction === true;

const sqliteValue = (v: unknown) => (v === undefined ? null : typeof v === "boolean" ? Number(v) : v);

/** knex binds values of these types; anything else is a mistake of the caller's, said so here. */
function pgValue(v: unknown): Knex.Value {
  if (v === undefined || v === null) return null;
  if (
    typeof v === "string" ||
    typeof v === "number" ||
    typeof v === "boolean" ||
    v instanceof Date ||
    Buffer.isBuffer(v)
  )
    return v;
  throw new TypeError(`cannot bind a ${typeof v} to SQL`);
}

const made = new WeakMap<Db, Sql>();

/** The executor for a connection or transaction (made once per one). */
export function sqlOf(db: Db): Sql {
  let sql = made.get(db);
  if (!sql) {
    const client: KnexClient = db.client;
    sql = client.config.client === "better-sqlite3" ? viaSqlite(db, client) : viaKnex(db);
    made.set(db, sql);
  }
  return sql;
}

function viaSqlite(db: Db, client: KnexClient): Sql {
  const trx = isTransaction(db) ? db : undefined;
  let trxConnection: SqliteConnection | undefined;
  /**
   * In a transaction, its connection (it stays the same, so it is asked for once); otherwise one
   * taken from the pool and given back, as knex would do (the pool has one connection: a statement
   * outside a transaction waits for the transaction to end).
   */
  async function onConnection<T>(work: (conn: SqliteConnection) => T): Promise<T> {
    if (trx) {
      if (trx.isCompleted()) throw new Error("statement on a finished transaction");
      trxConnection ??= await client.acquireConnection();
      return work(trxConnection);
    }
    const conn = await client.acquireConnection();
    try {
      return work(conn);
    } finally {
      await client.releaseConnection(conn);
    }
  }
  const all = (sql: string, params: readonly unknown[] = []) =>
    onConnection((conn): unknown[] => {
      const statement = conn.prepare(sql);
      const values = params.map(sqliteValue);
      if (statement.reader) return statement.all(values);
      statement.run(values);
      return [];
    });
  return {
    all,
    first: async (sql, params) => (await all(sql, params))[0],
    run: (sql, params = []) => onConnection((conn) => conn.prepare(sql).run(params.map(sqliteValue)).changes),
  };
}

function viaKnex(db: Db): Sql {
  const raw = async (sql: string, params: readonly unknown[]): Promise<PgResult> =>
    db.raw(sql, params.map(pgValue));
  const all = async (sql: string, params: readonly unknown[] = []) => (await raw(sql, params)).rows;
  return {
    all,
    first: async (sql, params) => (await all(sql, params))[0],
    run: async (sql, params = []) => (await raw(sql, params)).rowCount ?? 0,
  };
}

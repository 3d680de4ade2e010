import { type Db, isSqlite } from "./db.js";

/**
 * Rows every instance writes (a counter, the 进度 counts, a person's focus) are taken by each
 * transaction in one order: that way two instances on PostgreSQL never wait for each other in a
 * circle (a deadlock, which PostgreSQL breaks only after a second). A transaction that handles
 * several messages remembers the highest such row its finished messages hold; a message that wants
 * a lower one ends the transaction first (LockOrderError: the caller commits and handles the
 * message again at the start of the next one). Only transactions that asked for it are checked
 * (the pipeline's, on PostgreSQL); everything else writes as before.
 */
export class LockOrderError extends Error {
  constructor(readonly key: string) {
    super(`shared row ${key} would be locked out of order; handled in the next transaction`);
    this.name = "LockOrderError";
  }
}

interface Ledger {
  /** The highest key held by the transaction's finished messages. */
  held: string | undefined;
  /** Keys taken by the message in progress (dropped if it rolls back to its savepoint). */
  current: string[];
}

const ledgers = new WeakMap<Db, Ledger>();

/** Starts checking the order of shared rows in this transaction; the pipeline marks its messages. */
export function orderSharedRows(trx: Db) {
  const ledger: Ledger = { held: undefined, current: [] };
  // SQLite has one writer at a time: nobody to wait for in a circle.
  if (!isSqlite(trx)) ledgers.set(trx, ledger);
  return {
    /** The message's writes are kept (released savepoint): its rows stay locked until commit. */
    keep() {
      for (const key of ledger.current) if (ledger.held === undefined || key > ledger.held) ledger.held = key;
      ledger.current = [];
    },
    /** The message rolled back to its savepoint: PostgreSQL released what it locked. */
    drop() {
      ledger.current = [];
    },
  };
}

/** Called by a repository before it writes a shared row; throws when the row comes too late. */
export function takeSharedRow(db: Db, key: string): void {
  const ledger = ledgers.get(db);
  if (!ledger) return;
  if (ledger.held !== undefined && key < ledger.held) throw new LockOrderError(key);
  ledger.current.push(key);
}

/** Keys sort by kind first (counters, 进度 cells, open deadlines, people), then by the row. */
export const sharedRowKey = {
  counter: (name: string) => `1 ${name}`,
  progressCell: (parts: readonly unknown[]) => `2 ${parts.map(keyPart).join(" ")}`,
  openDeadline: (parts: readonly unknown[]) => `3 ${parts.map(keyPart).join(" ")}`,
  person: (id: number) => `4 ${keyPart(id)}`,
};

/** Numbers padded so that they sort as numbers inside a string. */
function keyPart(v: unknown): string {
  return typeof v === "number" ? String(v).padStart(12, "0") : String(v);
}

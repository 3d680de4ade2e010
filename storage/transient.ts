/**
 * Database errors that say "try again", not "this is wrong": the same statements will very likely
 * succeed on a second run. A message that meets one is handled again, never answered with an error.
 * - PostgreSQL: deadlock (40P01), serialization failure (40001), a lock not available (55P03), the
 *   server shutting down or not accepting yet (57P01-57P03), connection failures (class 08), too
 *   many connections (53300).
 * - The connection itself: reset, refused, timed out, closed under us, no connection from the pool.
 * - SQLite: another process holds the file (SQLITE_BUSY, SQLITE_LOCKED) beyond the busy timeout.
 */
const TRANSIENT_SQLSTATES = new Set(["40P01", "40001", "55P03", "57P01", "57P02", "57P03", "53300"]);
const TRANSIENT_NODE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTCONN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "SQLITE_BUSY",
  "SQLITE_BUSY_SNAPSHOT",
  "SQLITE_BUSY_RECOVERY",
  "SQLITE_LOCKED",
]);
const TRANSIENT_TEXT = [
  /Connection terminated/i,
  /terminating connection/i,
  /Client has encountered a connection error/i,
  /Knex: Timeout acquiring a connection/i,
  /the database system is (starting up|shutting down)/i,
];

export function isTransientDbError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === "string") {
      if (TRANSIENT_SQLSTATES.has(code) || code.startsWith("08") || TRANSIENT_NODE_CODES.has(code))
        return true;
    }
    if (name === "KnexTimeoutError") return true;
    if (typeof message === "string" && TRANSIENT_TEXT.some((re) => re.test(message))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

import type { Knex } from "knex";

/** A CHECK constraint that keeps a state column to its values (NULL stays allowed where the column is nullable). */
export interface ValueCheck {
  column: string;
  values: readonly string[];
}

export const checkName = (table: string, column: string) => `${table}_${column}_check`;

const literal = (v: string) => `'${v.replaceAll("'", "''")}'`;

/**
 * Adds CHECK constraints to tables, or drops them, on both engines, in place: PostgreSQL and the
 * SQLite that better-sqlite3 bundles (3.53; ALTER TABLE ADD/DROP CONSTRAINT since 3.50) both check
 * every row already there when a constraint is added, so no table is rebuilt and rows, ids,
 * indexes and foreign keys stay as they are. One constraint per statement, as SQLite wants it.
 * A later migration changing a column's values drops its check and adds the new one.
 * @example await changeChecks(knex, "add", { outbox: [{ column: "status", values: ["pending", "sent"] }] });
 */
export async function changeChecks(
  knex: Knex,
  change: "add" | "drop",
  checks: Record<string, readonly ValueCheck[]>,
): Promise<void> {
  for (const [table, list] of Object.entries(checks)) {
    for (const c of list) {
      await knex.schema.alterTable(table, (t) => {
        const name = checkName(table, c.column);
        if (change === "drop") t.dropChecks(name);
        else t.check(`${c.column} in (${c.values.map(literal).join(", ")})`, [], name);
      });
    }
  }
}

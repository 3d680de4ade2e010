import type { Db } from "./db.js";
import { sharedRowKey, takeSharedRow } from "./lock-order.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

/**
 * Numbers handed out one after another (a town's case numbers, tip and transfer numbers): one row
 * per counter, moved by a single UPDATE that locks it until the caller's transaction ends, so two
 * instances never hand out the same number and a rolled-back message leaves no gap.
 */
export async function nextNumber(db: Db, counter: string): Promise<number> {
  takeSharedRow(db, sharedRowKey.counter(counter));
  const row = await sqlOf(db).first(
    `insert into counters (name, value) values (?, 1)
     on conflict (name) do update set value = counters.value + 1 returning name, value`,
    [counter],
  );
  return counterRow.parse(row).value;
}

const counterRow = rowSchema("counters", { name: col.text, value: col.int }, "name");

/** The counters' names: one per town for case numbers (padded, so they sort as numbers). */
export const COUNTERS = {
  caseNumber: (townId: number) => `case:${String(townId).padStart(12, "0")}`,
  tip: "tip",
  transfer: "transfer",
} as const;

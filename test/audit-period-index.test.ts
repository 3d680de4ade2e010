import { afterEach, describe, expect, test } from "vitest";
import type { Db } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

/**
 * A question over a period (本周拆了几家) reads the audit history between two instants: the very query
 * the repository runs is answered through an index on (entity_type, at), not by reading the whole log.
 */
describe.each(ENGINES)("the period query over the audit log (%s)", (engine) => {
  let db: Db;
  afterEach(async () => {
    await db?.destroy();
  });

  test("uses the index on at", async () => {
    ({ db } = await freshDb(engine));
    const run: { sql: string; bindings: string[] }[] = [];
    db.on("query", (q: { sql: string; bindings: string[] }) => run.push(q));
    await createRepos(db).audit.enterpriseChanges(
      ["report", "progress"],
      "2017-03-20T00:00:00.000Z",
      "2017-03-27T00:00:00.000Z",
    );
    const q = run.find((x) => /from\s+["`]audit_log["`]/.test(x.sql));
    expect(q).toBeDefined();
    // PostgreSQL's driver logs $1 … placeholders; raw takes ?.
    const sql = (q?.sql ?? "").replace(/\$\d+/g, "?");
    if (engine === "sqlite") {
      const plan = (await db.raw(`explain query plan ${sql}`, q?.bindings ?? [])) as { detail: string }[];
      expect(plan.map((p) => p.detail).join("\n")).toMatch(
        /USING INDEX audit_log_entity_at_index \(entity_type=\? AND at>\? AND at<\?\)/,
      );
    } else {
      // An empty table is read whole by choice; with that choice taken away an index on at is used if there is one.
      const plan = await db.transaction(async (trx) => {
        await trx.raw("set local enable_seqscan = off");
        return (await trx.raw(`explain ${sql}`, q?.bindings ?? [])) as { rows: { "QUERY PLAN": string }[] };
      });
      const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text).toMatch(/Index.* using audit_log_entity_at_index/);
      expect(text).toMatch(/Index Cond: .*at/);
    }
  });
});

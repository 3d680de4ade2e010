import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHANGE_ACTIONS } from "../domain/reading/question-match.js";
import { openDb } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { percentile } from "./stats.js";

/**
 * A period question's history read (本周拆了几家: audit.enterpriseChanges over one week) on an audit log
 * of `rows` records spread over a year, through the index on (entity_type, at) (migration 025), and in
 * the same run on the same file with that index dropped (as before it): the ratio is what it saves.
 */
export async function benchPeriodQuestion(rows: number, runs = 50) {
  const db = await openDb({ sqlitePath: join(mkdtempSync(join(tmpdir(), "bench-period-")), "b.sqlite") });
  const year = Date.parse("2017-01-01T00:00:00Z");
  const actions = ["report", "progress", "progress", "photo", "close"];
  await db.transaction(async (trx) => {
    for (let i = 0; i < rows; i += 400) {
      const batch = Array.from({ length: Math.min(400, rows - i) }, (_, k) => {
        const n = i + k;
        return {
          at: new Date(year + ((n * 7919) % 365) * 86_400_000 + (n % 86_400) * 1000).toISOString(),
          action: actions[n % actions.length],
          entity_type: n % 10 === 0 ? "tip" : "enterprise",
          entity_id: n % 5000,
          after_json: JSON.stringify({ state: "拆除到位" }),
        };
      });
      await trx("audit_log").insert(batch);
    }
  });
  const audit = createRepos(db).audit;
  const week = async () => {
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await audit.enterpriseChanges(CHANGE_ACTIONS, "2017-03-20T00:00:00.000Z", "2017-03-27T00:00:00.000Z");
      times.push(performance.now() - t0);
    }
    return times;
  };
  const indexed = await week();
  await db.schema.alterTable("audit_log", (t) =>
    t.dropIndex(["entity_type", "at"], "audit_log_entity_at_index"),
  );
  const scanned = await week();
  await db.destroy();
  return { rows, p99Ms: percentile(indexed, 99), withoutIndexP99Ms: percentile(scanned, 99) };
}

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../base/clock.js";
import { createCampaignJobs } from "../scheduler/campaign-jobs.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { buildClaimed, claimPeriod, slotNow } from "../scheduler/period-run.js";
import { openDb } from "../storage/db.js";
import { seedEnterprises, seedTowns } from "./seed-district.js";

/**
 * The 周通报 for `towns` towns over `enterprises` cases, end to end as 立即推送 does it: the stats
 * query on the database, the text, the charts, and every message queued in the durable outbox, in
 * one transaction. Baseline in the same run: `select count(*)` over the same cases.
 */
export async function benchWeeklyBulletinQueue(towns = 200, enterprises = 100_000) {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-bulletin-"));
  const db = await openDb({ sqlitePath: join(dir, "bench.sqlite") });
  await seedEnterprises(db, await seedTowns(db, towns), enterprises);
  const clock = fixedClock("2026-06-08T01:00:00.000Z"); // Monday 09:00 in Beijing
  const t0 = performance.now();
  const queued = await db.transaction(async (trx) => {
    const job = createCampaignJobs({ db: trx, campaignYear: 2026, timezone: "Asia/Shanghai" }).find(
      (j) => j.name === "weekly-bulletin",
    )!;
    const timezone = "Asia/Shanghai";
    const slot = slotNow(job, clock, timezone);
    const claimed = await claimPeriod({
      db: trx,
      job,
      slot,
      clock,
      timezone,
      leaseMs: 600_000,
      owner: "bench",
    });
    if (claimed.status !== "claimed") throw new Error("the bulletin was not claimed");
    const run = await buildClaimed({ job, claim: claimed.claim, slot, clock, timezone, reason: "manual" });
    await run.commit(trx, outboxSendHook(clock));
    return run.messages;
  });
  const ms = performance.now() - t0;
  const b0 = performance.now();
  await db("enterprises").count({ n: "*" });
  const baselineMs = performance.now() - b0;
  const outboxRows = Number((await db("outbox").count({ n: "*" }).first())?.n);
  await db.destroy();
  return {
    towns,
    enterprises,
    ms,
    baselineMs,
    messages: queued.length,
    images: queued.filter((m) => m.message.kind === "image").length,
    outboxRows,
  };
}

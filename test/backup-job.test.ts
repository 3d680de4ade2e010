import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { backupJob } from "../scheduler/jobs/backup-job.js";
import { createScheduler } from "../scheduler/scheduler.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { solidPng } from "./fixtures/ledgers/png.js";
import { freshDb } from "./helpers/databases.js";
import { silentLog } from "./helpers/test-bot.js";

// Scheduled backups (BACKUP_CRON): one archive a day, the newest BACKUP_KEEP kept, the rest deleted.

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

test("a backup a day at 02:30; with BACKUP_KEEP=2 the two newest archives stay", async () => {
  const { db, dir } = await freshDb("sqlite");
  await createPhotoStore(join(dir, "photos")).put(solidPng(2, 2, [1, 2, 3]));
  const outDir = join(dir, "backups");
  // 03:00 in Shanghai: the day's 02:30 slot is caught up at start.
  const clock = fixedClock("2026-03-01T19:00:00.000Z");
  const job = backupJob({
    cron: "30 2 * * *",
    sqlitePath: join(dir, "test.sqlite"),
    dataDir: dir,
    outDir,
    keep: 2,
    log: silentLog,
  });
  for (let day = 0; day < 4; day++) {
    const scheduler = createScheduler({ db, clock, jobs: [job], logger: silentLog, send: async () => {} });
    await scheduler.start();
    await scheduler.idle();
    await scheduler.stop();
    clock.advance(24 * 3600_000);
  }
  cleanup.push(() => db.destroy());
  expect(readdirSync(outDir).sort()).toEqual([
    "huanbao-backup-20260303T190000Z.tar.gz",
    "huanbao-backup-20260304T190000Z.tar.gz",
  ]);
});

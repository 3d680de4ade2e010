import type { Logger } from "pino";
import { createBackup, pruneBackups } from "../../storage/backup.js";
import type { JobDefinition } from "../job.js";

export interface BackupJobOptions {
  /** node-cron, at most once a day (the run is claimed per day). */
  cron: string;
  /** The SQLite file; undefined on PostgreSQL (photos only: the database goes by pg_dump). */
  sqlitePath?: string;
  /** DATA_DIR (photos/ and outbox/ are archived). */
  dataDir: string;
  outDir: string;
  /** How many archives to keep, the newest. */
  keep: number;
  log: Logger;
}

/**
 * Scheduled backups (BACKUP_CRON): `npm run backup`'s archive, then the oldest beyond BACKUP_KEEP
 * deleted. A job of the scheduler, so it runs once a day across instances, catches up at start the
 * same day, and a failure is told to the 管理员 (backup-failed) like a failed push.
 */
export function backupJob(o: BackupJobOptions): JobDefinition {
  return {
    name: "backup",
    cron: o.cron,
    period: "day",
    async run({ now }) {
      const { file, manifest } = await createBackup({
        sqlitePath: o.sqlitePath,
        dataDir: o.dataDir,
        outDir: o.outDir,
        now,
      });
      const removed = await pruneBackups(o.outDir, o.keep);
      o.log.info({ file, photos: manifest.photos, removed }, "scheduled backup written");
      return [];
    },
  };
}

import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { extract } from "tar";
import { type BackupManifest, DATA_FOLDERS } from "./backup.js";
import { migrationSource } from "./migrations/index.js";

export interface RestoreOptions {
  archive: string;
  /** The data folder to restore into: it must be empty (or not exist yet). */
  dataDir: string;
  /** Where the SQLite file goes (SQLITE_PATH); it must not exist. Ignored for a PostgreSQL archive. */
  sqlitePath: string;
}

export class RestoreError extends Error {}

/**
 * Brings an archive of createBackup back into an empty data folder: the SQLite database (checked with
 * PRAGMA integrity_check before it is put in place), the photo store and the outbox's queued files. It refuses to overwrite
 * anything, and refuses an archive made by a newer version of the bot (its schema is unknown here).
 * A PostgreSQL archive brings the photos; the database comes back with pg_restore.
 *
 * @example
 *   await restoreBackup({ archive: "backups/huanbao-backup-20260302T013000Z.tar.gz",
 *     dataDir: "data", sqlitePath: "data/huanbao.sqlite" });
 */
export async function restoreBackup(o: RestoreOptions): Promise<BackupManifest> {
  if (!(await stat(o.archive).catch(() => null))?.isFile())
    throw new RestoreError(`找不到备份文件 ${o.archive}`);
  const present = await readdir(o.dataDir).catch(() => [] as string[]);
  if (present.length > 0) {
    throw new RestoreError(
      `数据目录 ${o.dataDir} 不是空的（${present.slice(0, 3).join("、")}…）：只能恢复到空目录`,
    );
  }
  await mkdir(o.dataDir, { recursive: true });
  // Unpacked inside the data folder itself: the same disk (moves are renames), and a container's
  // volume is writable where its parent may not be.
  const stage = await mkdtemp(join(resolve(o.dataDir), ".restore-"));
  try {
    await extract({ file: o.archive, cwd: stage, strict: true });
    const manifest = JSON.parse(await readFile(join(stage, "manifest.json"), "utf8")) as BackupManifest;
    if (manifest.format !== 1) throw new RestoreError(`不认识的备份格式 ${String(manifest.format)}`);
    const known = await migrationSource.getMigrations([]);
    if (manifest.schema && !known.includes(manifest.schema)) {
      throw new RestoreError(`备份来自更新版本的机器人（数据库结构 ${manifest.schema}）：请先升级再恢复`);
    }
    if (manifest.database) {
      if (await stat(o.sqlitePath).catch(() => null)) {
        throw new RestoreError(`数据库文件 ${o.sqlitePath} 已存在：只能恢复到空目录`);
      }
      const copy = join(stage, manifest.database);
      const db = new Database(copy, { readonly: true, fileMustExist: true });
      try {
        const check = db.pragma("integrity_check", { simple: true });
        if (check !== "ok") throw new RestoreError(`备份中的数据库已损坏：${String(check)}`);
      } finally {
        db.close();
      }
      await mkdir(dirname(resolve(o.sqlitePath)), { recursive: true });
      await move(copy, o.sqlitePath);
    }
    for (const folder of DATA_FOLDERS) {
      if (await stat(join(stage, folder)).catch(() => null))
        await move(join(stage, folder), join(o.dataDir, folder));
    }
    return manifest;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** rename when on the same disk, else copy (the data folder may be a mounted volume). */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await cp(from, to, { recursive: true });
  }
}

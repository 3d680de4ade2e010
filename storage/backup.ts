import { mkdir, mkdtemp, readdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { create as createTar } from "tar";
import { snapshotFolder } from "./folder-snapshot.js";
import { migrationSource } from "./migrations/index.js";

/** What an archive holds, written into it as manifest.json. */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  engine: "sqlite" | "postgres";
  /** The SQLite copy inside the archive (absent on PostgreSQL: pg_dump keeps the database). */
  database: string | null;
  /** The newest migration the database had: a restore into an older version of the bot is refused. */
  schema: string;
  photos: number;
  /** Images and files queued in the outbox, not sent yet (or sent and kept until pruned). */
  outboxFiles: number;
}

export interface BackupOptions {
  /** The SQLite file; undefined on PostgreSQL (the archive then holds the files only). */
  sqlitePath?: string;
  /** DATA_DIR: its photos/ (the photo store) and outbox/ (queued images and files) are archived. */
  dataDir: string;
  /** Where the archive goes. */
  outDir: string;
  now: Date;
}

export const ARCHIVE_PREFIX = "huanbao-backup-";
const DB_NAME = "huanbao.sqlite";
/** The folders of DATA_DIR an archive holds, by the same name. */
export const DATA_FOLDERS = ["photos", "outbox"] as const;

/** huanbao-backup-20260302T013000Z.tar.gz: sorts by time, names nothing secret. */
export function archiveName(now: Date): string {
  return `${ARCHIVE_PREFIX}${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}.tar.gz`;
}

/**
 * Writes one archive (tar.gz) of the bot's data, safe while the bot runs: an online, consistent copy
 * of the SQLite database through SQLite's backup API — all pages in one step, inside one read
 * transaction, so a write arriving meanwhile is either wholly in the copy or not at all — then the
 * photo store. Database first: the bot stores a photo's bytes before the row that names them, so
 * every photo the copy names is already on disk when the files are read (later ones come along too,
 * harmlessly). Written under a temporary name and renamed, so a half-written archive never looks done.
 *
 * @example
 *   const { file } = await createBackup({ sqlitePath: "data/huanbao.sqlite", dataDir: "data",
 *     outDir: "backups", now: new Date() });
 */
export async function createBackup(o: BackupOptions): Promise<{ file: string; manifest: BackupManifest }> {
  await mkdir(o.outDir, { recursive: true });
  const stage = await mkdtemp(join(resolve(o.outDir), ".stage-"));
  try {
    let schema = "";
    if (o.sqlitePath) {
      const source = new Database(o.sqlitePath, { readonly: true, fileMustExist: true });
      try {
        source.pragma("busy_timeout = 5000");
        // 0x7fffffff pages per step: the whole database in the step after the first (see above).
        await source.backup(join(stage, DB_NAME), { progress: () => 0x7fffffff });
      } finally {
        source.close();
      }
      const copy = new Database(join(stage, DB_NAME), { readonly: true });
      try {
        const row = copy.prepare("select name from knex_migrations order by id desc limit 1").get() as
          | { name: string }
          | undefined;
        schema = row?.name ?? "";
      } finally {
        copy.close();
      }
    } else {
      schema = (await migrationSource.getMigrations([])).at(-1) ?? "";
    }
    // The files as they are now, linked into the stage: the bot keeps writing photos meanwhile.
    const photos = await snapshotFolder(join(o.dataDir, "photos"), join(stage, "photos"));
    const outboxFiles = await snapshotFolder(join(o.dataDir, "outbox"), join(stage, "outbox"));
    const manifest: BackupManifest = {
      format: 1,
      createdAt: o.now.toISOString(),
      engine: o.sqlitePath ? "sqlite" : "postgres",
      database: o.sqlitePath ? DB_NAME : null,
      schema,
      photos,
      outboxFiles,
    };
    await writeFile(join(stage, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = ["manifest.json", ...(o.sqlitePath ? [DB_NAME] : [])];
    for (const [folder, n] of [
      ["photos", photos],
      ["outbox", outboxFiles],
    ] as const) {
      if (n > 0) entries.push(folder);
    }
    const file = join(o.outDir, archiveName(o.now));
    const partial = `${file}.partial`;
    await createTar(
      {
        gzip: true,
        file: partial,
        cwd: stage,
        portable: true,
        // A photo being written right now (…tmp) is not a photo yet.
        filter: (path) => !path.endsWith(".tmp"),
      },
      entries,
    );
    await rename(partial, file);
    return { file, manifest };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Keeps the newest `keep` archives in `dir` (ours only, by name) and deletes the rest. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const ours = (await readdir(dir))
    .filter((n) => n.startsWith(ARCHIVE_PREFIX) && n.endsWith(".tar.gz"))
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const name of old) await unlink(join(dir, name));
  return old;
}

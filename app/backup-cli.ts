import "dotenv/config";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createBackup } from "../storage/backup.js";
import { ConfigError, loadConfig } from "./config.js";

/**
 * `npm run backup [-- -o <folder>]`: one archive of the database (SQLite, online and consistent) and
 * the photo store, safe while the bot runs. On PostgreSQL the archive holds the photos; the database
 * is saved with pg_dump (the line is printed, and in docs/operations.md).
 */
async function main() {
  const config = loadConfig();
  const { values } = parseArgs({ options: { out: { type: "string", short: "o" } } });
  const outDir = values.out ?? config.BACKUP_DIR;
  const started = Date.now();
  const { file, manifest } = await createBackup({
    sqlitePath: config.DATABASE_URL ? undefined : config.SQLITE_PATH,
    dataDir: config.DATA_DIR,
    outDir,
    now: new Date(),
  });
  console.log(
    `备份完成：${file}（${manifest.database ? "数据库 + " : ""}${manifest.photos} 张照片，${Date.now() - started} ms）`,
  );
  if (!manifest.database) {
    console.log(
      `PostgreSQL 数据库请另用 pg_dump 备份，例如：\n  pg_dump --format=custom --file=${join(outDir, "huanbao-$(date +%Y%m%dT%H%M%S).dump")} "$DATABASE_URL"`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `备份失败：${(error as Error).message}`);
  process.exit(1);
});

import "dotenv/config";
import { join } from "node:path";
import { RestoreError, restoreBackup } from "../storage/restore.js";
import { ConfigError, loadConfig } from "./config.js";

/**
 * `npm run restore -- <archive>`: brings an archive of `npm run backup` back into an empty data folder
 * (DATA_DIR, SQLITE_PATH). Stop the bot first; start it afterwards (migrations bring an older backup
 * up to date). On PostgreSQL the photos come back here and the database with pg_restore.
 */
async function main() {
  const config = loadConfig();
  const archive = process.argv[2];
  if (!archive) throw new RestoreError("用法：npm run restore -- <备份文件.tar.gz>");
  const manifest = await restoreBackup({ archive, dataDir: config.DATA_DIR, sqlitePath: config.SQLITE_PATH });
  console.log(
    `已恢复 ${manifest.createdAt} 的备份：${manifest.database ? `数据库 → ${config.SQLITE_PATH}，` : ""}${manifest.photos} 张照片 → ${join(config.DATA_DIR, "photos")}`,
  );
  if (!manifest.database) {
    console.log(
      'PostgreSQL 数据库请用 pg_restore 恢复，例如：\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <备份.dump>',
    );
  }
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof RestoreError;
  console.error(known ? error.message : `恢复失败：${(error as Error).message}`);
  process.exit(1);
});

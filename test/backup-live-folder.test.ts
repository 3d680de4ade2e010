import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { createBackup } from "../storage/backup.js";
import { restoreBackup } from "../storage/restore.js";

// A backup reads the photo store while the bot writes into it (a photo is written as …tmp, then
// renamed): a file listed and gone a moment later must not fail the backup (seen in a full run:
// 备份失败：ENOENT … .png.00990821.tmp).
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-live-"));
  dirs.push(dir);
  mkdirSync(join(dir, "photos", "ab"), { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, "photos", "ab", `ab${i}.png`), `photo ${i}`);
  return dir;
}

describe("backup of a folder the bot is writing into", () => {
  test("an entry listed but unreadable when archived (gone meanwhile) is left out, not fatal", async () => {
    const dir = dataDir();
    // What the archiver meets when a …tmp is renamed between the listing and the read: a name that
    // leads nowhere. (A dangling link stands for it: it stays gone, so the test is the same every run.)
    symlinkSync(join(dir, "photos", "ab", "gone.png.1234.tmp"), join(dir, "photos", "ab", "gone.png"));
    const { file, manifest } = await createBackup({
      dataDir: dir,
      outDir: join(dir, "backups"),
      now: new Date(),
    });
    expect(manifest.photos).toBe(20);
    const into = join(dir, "restored");
    await restoreBackup({ archive: file, dataDir: into, sqlitePath: join(into, "unused.sqlite") });
    expect(readdirSync(join(into, "photos", "ab")).sort()).toHaveLength(20);
    expect(readFileSync(join(into, "photos", "ab", "ab7.png"), "utf8")).toBe("photo 7");
  });
});

import { copyFile, link, mkdir, readdir, stat } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/**
 * A still picture of a folder the bot is writing into while a backup runs: every finished file
 * hard-linked into `to` (copied where `to` is on another file system), so the archive is written from
 * files that can no longer change or vanish. A file being written (…tmp) is not one yet; one gone
 * between the listing and the link (a .tmp renamed, an outbox file pruned) is left out, not an error —
 * reading the live folder directly failed the whole backup on such a file. Returns the files taken.
 */
export async function snapshotFolder(from: string, to: string): Promise<number> {
  const exists = await stat(from).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return 0;
  let taken = 0;
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith(".tmp")) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join(to, relative(from, source));
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(source, target).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "EXDEV" && error.code !== "EPERM") throw error;
        await copyFile(source, target);
      });
      taken++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return taken;
}

import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A queued file's bytes are gone from disk: sending it empty would be worse than saying so. */
export class MissingOutboxFileError extends Error {
  constructor(readonly sha256: string) {
    super(`queued file ${sha256} is missing from the outbox folder`);
    this.name = "MissingOutboxFileError";
  }
}

/**
 * Bytes of queued images and files on disk by sha256, as the photo store keeps photos: one
 * bulletin chart sent to 200 groups is one file, and the database holds only its name.
 */
export function createOutboxFiles(root: string) {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256);
  return {
    root,
    async put(bytes: Buffer): Promise<string> {
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const full = pathOf(sha256);
      const size = await stat(full).then(
        (s) => s.size,
        () => -1,
      );
      if (size !== bytes.length) {
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        // Write then rename: a crash never leaves a half-written file under the final name.
        const tmp = `${full}.${randomBytes(4).toString("hex")}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, full);
      }
      return sha256;
    },
    async read(sha256: string): Promise<Buffer> {
      try {
        return await readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new MissingOutboxFileError(sha256);
        throw error;
      }
    },
    async remove(sha256: string): Promise<void> {
      await rm(pathOf(sha256), { force: true });
    },
  };
}

import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import exifr from "exifr";

export interface StoredPhoto {
  sha256: string;
  /** Path relative to the store's root. */
  path: string;
  size: number;
  mime: string;
  /** EXIF DateTimeOriginal, when the photo still carries it (chat apps often strip it). */
  takenAt: string | null;
  gps: { lat: number; lng: number } | null;
}

function sniffMime(bytes: Buffer): { mime: string; ext: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { mime: "image/jpeg", ext: "jpg" };
  if (bytes.subarray(0, 4).toString("hex") === "89504e47") return { mime: "image/png", ext: "png" };
  if (bytes.subarray(0, 4).toString("ascii") === "RIFF") return { mime: "image/webp", ext: "webp" };
  if (bytes.subarray(0, 3).toString("ascii") === "GIF") return { mime: "image/gif", ext: "gif" };
  return { mime: "application/octet-stream", ext: "bin" };
}

/** EXIF times carry no zone unless OffsetTimeOriginal says; the campaign's phones are in China (+08:00). */
function exifTime(raw: unknown, offset: unknown): string | null {
  const m = typeof raw === "string" ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(raw) : null;
  if (!m) return null;
  const zone = typeof offset === "string" && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : "+08:00";
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

async function readExif(bytes: Buffer): Promise<Pick<StoredPhoto, "takenAt" | "gps">> {
  try {
    const tags = await exifr.parse(bytes, { tiff: true, exif: true, gps: true, reviveValues: false });
    const gps = await exifr.gps(bytes).catch(() => undefined);
    const lat = gps?.latitude;
    const lng = gps?.longitude;
    return {
      takenAt: exifTime(tags?.DateTimeOriginal ?? tags?.CreateDate, tags?.OffsetTimeOriginal),
      gps: Number.isFinite(lat) && Number.isFinite(lng) ? { lat: lat as number, lng: lng as number } : null,
    };
  } catch {
    return { takenAt: null, gps: null };
  }
}

/**
 * Photos on disk, addressed by the sha256 of their bytes: the same picture sent twice is stored
 * once, and the same bytes on two enterprises can be told apart from two real photos.
 */
export function createPhotoStore(root: string) {
  return {
    root,
    async put(bytes: Buffer): Promise<StoredPhoto> {
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const { mime, ext } = sniffMime(bytes);
      const path = join(sha256.slice(0, 2), `${sha256}.${ext}`);
      const full = join(root, path);
      const exists = await stat(full).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        // Write then rename: a crash never leaves a half-written file under the final name.
        const tmp = `${full}.${randomBytes(4).toString("hex")}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, full);
      }
      return { sha256, path, size: bytes.length, mime, ...(await readExif(bytes)) };
    },
    async read(path: string): Promise<Buffer> {
      return readFile(join(root, path));
    },
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;

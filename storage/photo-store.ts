import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isPlausibleTakenAt, isValidPosition } from "../domain/plausible.js";

export interface StoredPhoto {
  sha256: string;
  /** Path relative to the store's root. */
  path: string;
  size: number;
  mime: string;
  /** EXIF DateTimeOriginal, when the photo still carries it (chat apps often strip it). */
  takenAt: string | null;
  gps: { lat: number; lng: number } | null;
  /** The bytes decode as a raster picture (a text file named .jpg, a PDF or an SVG do not). */
  isImage: boolean;
}

/** Formats a phone or a chat app sends a photo in; SVG and PDF are documents, not photos. */
const PHOTO_FORMATS = new Set(["jpeg", "png", "webp", "gif", "heif", "avif", "tiff"]);

/**
 * Whether the bytes are a picture: decoded whole (at a small size, which JPEG does cheaply while
 * still reading every byte), so a truncated or made-up file is found out when it arrives.
 */
async function decodesAsImage(bytes: Buffer): Promise<boolean> {
  // sharp and exifr load with the first photo, not at start (~0.3 s of CPU together).
  const { default: sharp } = await import("sharp");
  try {
    // The same bound as the dossier (reports/dossier/fit-photo.ts): no file makes it decode gigabytes.
    const image = sharp(bytes, { failOn: "truncated", limitInputPixels: 50_000_000, sequentialRead: true });
    const { format } = await image.metadata();
    if (!format || !PHOTO_FORMATS.has(format)) return false;
    await image.resize(64, 64, { fit: "inside" }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

function sniffMime(bytes: Buffer): { mime: string; ext: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { mime: "image/jpeg", ext: "jpg" };
  if (bytes.subarray(0, 4).toString("hex") === "89504e47") return { mime: "image/png", ext: "png" };
  if (bytes.subarray(0, 4).toString("ascii") === "RIFF") return { mime: "image/webp", ext: "webp" };
  if (bytes.subarray(0, 3).toString("ascii") === "GIF") return { mime: "image/gif", ext: "gif" };
  if (bytes.subarray(0, 4).toString("hex") === "504b0304") return { mime: "application/zip", ext: "zip" };
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
  const { default: exifr } = await import("exifr");
  try {
    const tags = await exifr.parse(bytes, { tiff: true, exif: true, gps: true, reviveValues: false });
    const gps = await exifr.gps(bytes).catch(() => undefined);
    const lat = gps?.latitude;
    const lng = gps?.longitude;
    const takenAt = exifTime(tags?.DateTimeOriginal ?? tags?.CreateDate, tags?.OffsetTimeOriginal);
    const position = { lat: Number(lat), lng: Number(lng) };
    // A camera's clock or GPS out of any possible range is no hint at all: dropped.
    return {
      takenAt: takenAt && isPlausibleTakenAt(takenAt, new Date()) ? takenAt : null,
      gps: isValidPosition(position) ? position : null,
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
  async function pathBySha(sha256: string): Promise<string> {
    const dir = join(root, sha256.slice(0, 2));
    const name = (await readdir(dir)).find((f) => f.startsWith(`${sha256}.`) && !f.endsWith(".tmp"));
    if (!name) throw new Error(`no stored file ${sha256}`);
    return join(dir, name);
  }
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
      return {
        sha256,
        path,
        size: bytes.length,
        mime,
        ...(await readExif(bytes)),
        isImage: await decodesAsImage(bytes),
      };
    },
    async read(path: string): Promise<Buffer> {
      return readFile(join(root, path));
    },
    /** The bytes stored under a sha256, whatever their extension. */
    async readBySha(sha256: string): Promise<Buffer> {
      return readFile(await pathBySha(sha256));
    },
    /** How many bytes are stored under a sha256 (without reading them). */
    async sizeBySha(sha256: string): Promise<number> {
      return (await stat(await pathBySha(sha256))).size;
    },
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;

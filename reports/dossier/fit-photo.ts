/**
 * Pictures larger than this (in pixels, read from the header before anything is decoded) are not
 * drawn at all: a 1 MB PNG can declare 16000×16000 pixels, which pdfkit would inflate into gigabytes.
 * 50 megapixels is more than any phone camera sends through a chat app.
 */
const MAX_INPUT_PIXELS = 50_000_000;
/** Longest side of the picture put into a PDF or chart: sharp at a dossier's 220×165 pt and print. */
export const MAX_SIDE_PX = 1200;

export type FittedPhoto = { ok: true; jpeg: Buffer } | { ok: false; reason: string };

/**
 * Decodes a photo with a pixel limit and returns it downscaled (longest side ≤ MAX_SIDE_PX, turned
 * by its EXIF orientation) as JPEG, ready for pdfkit; or why it cannot be shown, in Chinese. libvips
 * reads the picture sequentially, so memory stays bounded whatever the file declares.
 *
 * @example
 *   const fitted = await fitPhoto(bytes);
 *   if (fitted.ok) doc.image(fitted.jpeg, x, y, { fit: [220, 165] });
 */
export async function fitPhoto(bytes: Buffer): Promise<FittedPhoto> {
  if (bytes.length === 0) return { ok: false, reason: "照片文件缺失" };
  // Loaded with the first photo, not at start.
  const { default: sharp } = await import("sharp");
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true });
    const jpeg = await image
      .rotate()
      .resize({ width: MAX_SIDE_PX, height: MAX_SIDE_PX, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82 })
      .toBuffer();
    return { ok: true, jpeg };
  } catch (error) {
    const message = (error as Error).message ?? "";
    if (/pixel limit/i.test(message)) {
      return { ok: false, reason: `照片像素过多（超过${MAX_INPUT_PIXELS / 1_000_000}百万像素），未放入` };
    }
    return { ok: false, reason: "该图片格式无法在此显示" };
  }
}

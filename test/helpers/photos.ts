import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";

/** A small real JPEG; `r` makes different photos different bytes. */
export const jpeg = (r: number) =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();

const dms = (deg: number) => {
  const d = Math.floor(deg);
  const m = Math.floor((deg - d) * 60);
  const s = Math.round(((deg - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
};

/** A JPEG carrying EXIF GPS (and a time, Beijing camera clock, when given), as a phone writes it. */
export const jpegAt = (r: number, at: { lat: number; lng: number }, taken?: string) =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g: 90, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "test" },
      ...(taken ? { IFD2: { DateTimeOriginal: taken } } : {}),
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: dms(at.lat),
        GPSLongitudeRef: "E",
        GPSLongitude: dms(at.lng),
      },
    })
    .toBuffer();

/** The text of a PDF, page after page. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += `${content.items.map((it) => ("str" in it ? it.str : "")).join("")}\n`;
  }
  return text;
}

import { randomBytes } from "node:crypto";

/**
 * A multipart/form-data body with one file part named `media`, carrying filename and filelength
 * as WeCom's media/upload and webhook/upload_media ask.
 */
export function buildMediaMultipart(
  bytes: Buffer,
  fileName: string,
  mime: string,
): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----huanbao${randomBytes(12).toString("hex")}`;
  const safeName = fileName.replace(/["\r\n\\]/g, "_");
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${safeName}"; filelength=${bytes.length}\r\n` +
    `Content-Type: ${mime}\r\n\r\n`;
  const body = Buffer.concat([
    Buffer.from(head, "utf8"),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`, "utf8"),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A guess good enough for WeCom, which only takes JPG/PNG images. */
export function mimeOf(fileName: string, bytes?: Buffer): string {
  if (bytes && bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes && bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  const ext = fileName.toLowerCase().split(".").pop();
  const known: Record<string, string> = {
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    pdf: "application/pdf",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    txt: "text/plain",
  };
  return (ext && known[ext]) || "application/octet-stream";
}

import type { Readable } from "node:stream";
import yauzl from "yauzl";

/**
 * Bounds on an imported workbook, checked before it is loaded: a ledger of a few thousand rows
 * unpacks to a few MB; a 1 MB file can unpack to a gigabyte (a zip bomb) and a 350,000-row sheet
 * to gigabytes of memory in exceljs.
 */
export const XLSX_LIMITS = {
  /** All parts of the workbook together, unpacked. */
  maxUnpackedBytes: 64 * 1024 * 1024,
  /** Rows of any one sheet. */
  maxRows: 20_000,
  /** Parts in the zip. */
  maxEntries: 5_000,
};

export type XlsxLimits = typeof XLSX_LIMITS;

export type XlsxInspection =
  | { kind: "xlsx"; rows: number; unpackedBytes: number }
  | { kind: "not-xlsx" }
  | { kind: "too-large"; reason: string };

const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;

/**
 * What a file's bytes are: an .xlsx workbook is a zip holding `xl/workbook.xml`, whatever its name
 * says (WeCom may deliver a file without one). Every part is unpacked as a stream once, counting its
 * bytes and each sheet's rows, and the reading stops as soon as a bound is passed, so a zip bomb costs
 * a few megabytes, never the gigabyte it declares (or lies about: yauzl checks each part's size).
 *
 * @example
 *   const seen = await inspectXlsx(bytes);
 *   if (seen.kind === "too-large") throw new InputError(seen.reason);
 */
export async function inspectXlsx(bytes: Buffer, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxInspection> {
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) return { kind: "not-xlsx" };
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { validateEntrySizes: true, strictFileNames: false });
  } catch {
    return { kind: "not-xlsx" };
  }
  let unpacked = 0;
  let rows = 0;
  let entries = 0;
  let workbook = false;
  const tooLarge = (what: string): XlsxInspection => ({ kind: "too-large", reason: what });
  try {
    for await (const entry of zip.eachEntry()) {
      if (++entries > limits.maxEntries) return tooLarge(`文件内含部件超过${limits.maxEntries}个`);
      if (entry.fileName === "xl/workbook.xml") workbook = true;
      if (entry.fileName.endsWith("/")) continue;
      const sheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.fileName);
      const stream: Readable = await zip.openReadStreamPromise(entry);
      let sheetRows = 0;
      let tail = "";
      try {
        for await (const chunk of stream) {
          unpacked += (chunk as Buffer).length;
          if (unpacked > limits.maxUnpackedBytes) {
            return tooLarge(`文件解压后超过${limits.maxUnpackedBytes >> 20} MB`);
          }
          if (!sheet) continue;
          // The last few characters wait for the next chunk, so a tag split across two is seen whole.
          const text = tail + (chunk as Buffer).toString("latin1");
          const cut = Math.max(0, text.length - 16);
          for (const m of text.matchAll(ROW_TAG)) if (m.index < cut) sheetRows++;
          tail = text.slice(cut);
          if (sheetRows > limits.maxRows) {
            return tooLarge(`台账超过${limits.maxRows.toLocaleString("en")}行`);
          }
        }
      } finally {
        stream.destroy();
      }
      sheetRows += tail.match(ROW_TAG)?.length ?? 0;
      if (sheetRows > limits.maxRows) return tooLarge(`台账超过${limits.maxRows.toLocaleString("en")}行`);
      rows = Math.max(rows, sheetRows);
    }
  } catch {
    // A broken part or a size that does not match its header: not a workbook we can read.
    return { kind: "not-xlsx" };
  } finally {
    zip.close();
  }
  return workbook ? { kind: "xlsx", rows, unpackedBytes: unpacked } : { kind: "not-xlsx" };
}

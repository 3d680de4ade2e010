import { constants, crc32, createDeflateRaw } from "node:zlib";

/** One part of a zip: its bytes, or a generator of chunks (so a gigabyte never sits in memory). */
export interface ZipPart {
  name: string;
  data: Buffer | (() => Iterable<Buffer>);
  /** Run-length deflate: fast for long runs of one byte (the bomb), poor for text. */
  rle?: boolean;
}

/**
 * A zip (deflated parts, as Excel writes them) built from streamed parts: for the hostile workbooks
 * of the tests — a 1 MB file that unpacks to a gigabyte, a sheet of 350,000 rows — which no workbook
 * library would write without holding them whole.
 */
export async function writeZip(parts: ZipPart[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const chunks = typeof part.data === "function" ? part.data() : [part.data];
    const deflate = createDeflateRaw(part.rle ? { level: 9, strategy: constants.Z_RLE } : { level: 6 });
    const compressed: Buffer[] = [];
    deflate.on("data", (d: Buffer) => compressed.push(d));
    const ended = new Promise((resolve) => deflate.on("end", resolve));
    let crc = 0;
    let size = 0;
    for (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once("drain", resolve));
    }
    deflate.end();
    await ended;
    const data = Buffer.concat(compressed);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    out.push(local, name, data);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, directory, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** A minimal .xlsx whose one sheet's XML is the given chunks (between <sheetData> and </sheetData>). */
export function xlsxWithSheet(rows: () => Iterable<Buffer>, rle = false): Promise<Buffer> {
  const head = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`,
  );
  const tail = Buffer.from("</sheetData></worksheet>");
  return writeZip([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES) },
    { name: "_rels/.rels", data: Buffer.from(RELS) },
    { name: "xl/workbook.xml", data: Buffer.from(WORKBOOK) },
    { name: "xl/_rels/workbook.xml.rels", data: Buffer.from(WORKBOOK_RELS) },
    {
      name: "xl/worksheets/sheet1.xml",
      rle,
      data: function* () {
        yield head;
        yield* rows();
        yield tail;
      },
    },
  ]);
}

/** A ledger-shaped sheet of `count` rows (header, then enterprises), as inline strings. */
export function ledgerRows(count: number): () => Iterable<Buffer> {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const header = [
    "序号",
    "所在村组",
    "企业名称",
    "企业类型",
    "企业规模",
    "原辅材料",
    "涉水涉气",
    "有无手续",
    "整治要求",
  ];
  return function* () {
    yield Buffer.from(
      `<row r="1">${header.map((h, i) => cell(`${String.fromCharCode(65 + i)}1`, h)).join("")}</row>`,
    );
    const batch: string[] = [];
    for (let r = 2; r <= count + 1; r++) {
      batch.push(
        `<row r="${r}">${cell(`A${r}`, String(r - 1))}${cell(`B${r}`, "黄河村")}${cell(`C${r}`, `企业${r}`)}${cell(`D${r}`, "小散乱污")}</row>`,
      );
      if (batch.length === 1000) yield Buffer.from(batch.splice(0).join(""));
    }
    if (batch.length) yield Buffer.from(batch.join(""));
  };
}

/** 1 GiB of zeros in 1 MiB chunks: a sheet that deflates to about a megabyte. */
export function* gibibyteOfZeros(): Iterable<Buffer> {
  const mb = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < 1024; i++) yield mb;
}

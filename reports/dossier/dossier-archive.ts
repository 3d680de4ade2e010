import { PassThrough, type Writable } from "node:stream";
import type { DossierInput } from "./dossier-pdf.js";
import { renderDossierPdf } from "./dossier-pdf-thread.js";
import { createZipWriter } from "./zip-writer.js";

export interface TownArchiveHead {
  town: string;
  /** ISO instant: the files' times in the zip and the dossiers' 生成时间. */
  generatedAt: string;
  /** The town's ledger 1 (.xlsx) to put beside the dossiers, when wanted. */
  ledgerXlsx?: Buffer;
}

/** A file name safe on Windows and in chat apps; the Chinese name stays readable. */
export function dossierFileName(caseNo: string, name: string): string {
  const safe = `${caseNo}-${name}`.replace(/[\\/:*?"<>|\r\n\t]+/g, "_").slice(0, 100);
  return `${safe}.pdf`;
}

/**
 * A town's 一企一档 together as one .zip: `<镇>一企一档/<案件编号>-<企业名称>.pdf`, one per enterprise, plus the
 * ledger when given. PDFs are made one at a time and streamed out as the zip is written (one in memory).
 * Returns the number of dossiers written.
 */
async function writeTownDossierZip(
  head: TownArchiveHead,
  dossiers: Iterable<DossierInput> | AsyncIterable<DossierInput>,
  out: Writable,
): Promise<number> {
  const zip = createZipWriter(out);
  const mtime = new Date(head.generatedAt);
  const folder = `${head.town}一企一档`;
  if (head.ledgerXlsx) await zip.add(`${folder}/${head.town}排查台账.xlsx`, head.ledgerXlsx, { mtime });
  let n = 0;
  for await (const d of dossiers) {
    const pdf = await renderDossierPdf(d);
    // PDFs are already compressed inside; storing them saves time for almost no size.
    await zip.add(`${folder}/${dossierFileName(d.enterprise.caseNo, d.enterprise.name)}`, pdf, {
      mtime,
      compress: false,
    });
    n++;
  }
  await zip.end();
  return n;
}

/** The same archive in memory, for sending as one file in chat. */
export async function buildTownDossierZip(
  head: TownArchiveHead,
  dossiers: Iterable<DossierInput> | AsyncIterable<DossierInput>,
): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  await writeTownDossierZip(head, dossiers, sink);
  return Buffer.concat(chunks);
}

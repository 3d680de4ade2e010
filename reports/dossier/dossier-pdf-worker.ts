import { parentPort } from "node:worker_threads";
import { buildDossierPdf, type DossierInput } from "./dossier-pdf.js";
import type { PdfReply, PdfRequest } from "./dossier-pdf-thread.js";

/**
 * The worker thread's side of renderDossierPdf: builds each dossier asked for with buildDossierPdf
 * (fonts parsed once for the thread's life), one at a time, and hands the PDF's bytes back.
 */
parentPort?.on("message", async ({ id, input }: PdfRequest) => {
  try {
    // A Buffer crosses the thread as a plain Uint8Array: give the photos back their Buffer face.
    const photos = input.photos.map((p) => ({
      ...p,
      bytes: Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength),
    }));
    const pdf = await buildDossierPdf({ ...input, photos } as DossierInput);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    const reply: PdfReply = { id, pdf: bytes };
    parentPort?.postMessage(reply);
  } catch (error) {
    const reply: PdfReply = { id, error: String((error as Error)?.stack ?? error) };
    parentPort?.postMessage(reply);
  }
});

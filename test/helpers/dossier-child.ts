/**
 * Builds one dossier in its own process from the photo file named on the command line, writes the
 * PDF to the second path and prints the process's peak RSS in MB: memory measured where nothing else
 * (the test runner, other tests) adds to it. Run by test/photo-bounds.test.ts and bench/hostile-input.ts.
 * With `--raw` the photo's bytes go to pdfkit as they are, as the dossier did before photos were
 * fitted (the bench's "before").
 */
import { readFileSync, writeFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import { buildDossierPdf } from "../../reports/dossier/dossier-pdf.js";
import { dossierInput } from "../fixtures/ledgers/dossier.js";

const [photoPath, pdfPath, mode] = process.argv.slice(2);
const bytes = readFileSync(photoPath!);
let pdf: Buffer;
if (mode === "--raw") {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.image(bytes, 50, 50, { fit: [220, 165] });
  doc.end();
  pdf = await done;
} else {
  const input = dossierInput();
  pdf = await buildDossierPdf({ ...input, photos: [{ ...input.photos[0]!, bytes }] });
}
writeFileSync(pdfPath!, pdf);
process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);

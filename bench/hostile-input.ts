import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { buildDossierPdf } from "../reports/dossier/dossier-pdf.js";
import { importLedger1 } from "../reports/ledger/ledger1-import.js";
import { dossierInput } from "../test/fixtures/ledgers/dossier.js";
import { hugePng } from "../test/helpers/huge-png.js";
import { gibibyteOfZeros, ledgerRows, xlsxWithSheet } from "../test/helpers/zip-writer.js";

/**
 * Peak RSS of one hostile file, each in its own process: "before" hands the file to pdfkit / exceljs
 * as the bot did before issue 13, "after" goes through the bounded path (fitPhoto, inspectXlsx).
 * Run as `tsx bench/hostile-input.ts` (all) or by bench/run.ts with BENCH_ONLY=hostile.
 */
type Scenario = "dossier-before" | "dossier-after" | "xlsx-before" | "xlsx-after";

async function runScenario(scenario: Scenario, file: string): Promise<string> {
  const bytes = readFileSync(file);
  if (scenario === "dossier-before") {
    const doc = new PDFDocument({ size: "A4" });
    const done = new Promise((resolve) => doc.on("end", resolve));
    doc.on("data", () => {});
    doc.image(bytes, 50, 50, { fit: [220, 165] });
    doc.end();
    await done;
    return "PDF built";
  }
  if (scenario === "dossier-after") {
    const input = dossierInput();
    await buildDossierPdf({ ...input, photos: [{ ...input.photos[0]!, bytes }] });
    return "PDF built";
  }
  if (scenario === "xlsx-before") {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer).catch(() => undefined);
    return "loaded";
  }
  return importLedger1(bytes, { campaignYear: 2017 }).then(
    () => "imported",
    (error: Error) => error.message,
  );
}

function inChild(
  scenario: Scenario,
  file: string,
): Promise<{ peakRssMb: number; seconds: number; outcome: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), scenario, file],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${scenario} exited ${code}`));
      const r = JSON.parse(out.trim()) as { peakRssMb: number; outcome: string };
      resolve({ ...r, seconds: (performance.now() - started) / 1000 });
    });
  });
}

export interface HostileFigure {
  what: string;
  before: { peakRssMb: number; seconds: number; outcome: string };
  after: { peakRssMb: number; seconds: number; outcome: string };
}

export async function benchHostileInput(): Promise<HostileFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-hostile-"));
  const files = {
    png: join(dir, "bomb.png"),
    zipBomb: join(dir, "bomb.xlsx"),
    rows: join(dir, "rows.xlsx"),
  };
  writeFileSync(files.png, await hugePng(16000, 16000));
  writeFileSync(files.zipBomb, await xlsxWithSheet(gibibyteOfZeros, true));
  writeFileSync(files.rows, await xlsxWithSheet(ledgerRows(350_000)));
  const figures: HostileFigure[] = [];
  const measure = async (what: string, file: string, kind: "dossier" | "xlsx") => {
    const before = await inChild(`${kind}-before`, file);
    const after = await inChild(`${kind}-after`, file);
    figures.push({ what, before, after });
  };
  await measure("档案 with a 1 MB PNG of 16000×16000 (RGBA)", files.png, "dossier");
  await measure("台账 import: 1 MB zip unpacking to 1 GiB", files.zipBomb, "xlsx");
  await measure("台账 import: 350,000 rows", files.rows, "xlsx");
  return figures;
}

if (process.argv[2] && process.argv[3]) {
  const outcome = await runScenario(process.argv[2] as Scenario, process.argv[3]);
  process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, outcome })}\n`);
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of await benchHostileInput()) {
    const ratio = f.before.peakRssMb / f.after.peakRssMb;
    console.log(
      `${f.what}: peak RSS ${f.before.peakRssMb.toFixed(0)} MB (${f.before.seconds.toFixed(1)} s) → ${f.after.peakRssMb.toFixed(0)} MB (${f.after.seconds.toFixed(1)} s), ${ratio.toFixed(1)}× less; after: ${f.after.outcome}`,
    );
  }
}

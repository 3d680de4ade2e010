import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { buildDossierPdf } from "../reports/dossier/dossier-pdf.js";
import { MAX_SIDE_PX } from "../reports/dossier/fit-photo.js";
import { dossierInput } from "./fixtures/ledgers/dossier.js";
import { hugePng } from "./helpers/huge-png.js";

const CHILD = fileURLToPath(new URL("./helpers/dossier-child.ts", import.meta.url));
/** Far above what a dossier needs, far below what decoding a 16000×16000 picture takes (~4 GB). */
const RSS_BOUND_MB = 600;

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  return text;
}

/** Runs the dossier build in its own process; stops it as soon as its RSS passes `boundMb`. */
function buildInChild(photo: string, pdf: string, boundMb: number): Promise<{ peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, photo, pdf], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    const watch = setInterval(async () => {
      const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (rssKb / 1024 > boundMb) {
        child.kill("SIGKILL");
        reject(new Error(`the dossier build passed ${boundMb} MB of RSS (${Math.round(rssKb / 1024)} MB)`));
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(watch);
      if (code === 0) resolve(JSON.parse(out.trim()));
      else reject(new Error(`dossier child exited ${code}: ${err}`));
    });
  });
}

describe("photos in a dossier (issue 13: one message must never bring the bot down)", () => {
  test("a 1 MB PNG of 16000×16000 pixels: built in bounded memory, the PDF says why it is not shown", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huanbao-bomb-"));
    const png = await hugePng(16000, 16000);
    expect(png.length).toBeLessThan(1_100_000);
    writeFileSync(join(dir, "bomb.png"), png);
    const { peakRssMb } = await buildInChild(join(dir, "bomb.png"), join(dir, "out.pdf"), RSS_BOUND_MB);
    expect(peakRssMb).toBeLessThan(RSS_BOUND_MB);
    const text = await pdfText(readFileSync(join(dir, "out.pdf")));
    expect(text).toContain("照片像素过多（超过50百万像素），未放入");
    expect(text).toContain("拍摄时间：2017年3月20日 17:05");
  }, 60_000);

  test("a 4000×3000 photo goes into the PDF downscaled, its longest side at most 1200 pixels", async () => {
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "#3a6" } })
      .jpeg()
      .toBuffer();
    const input = dossierInput();
    const pdf = await buildDossierPdf({ ...input, photos: [{ ...input.photos[0]!, bytes: photo }] });
    // Each image XObject's dictionary names its pixel size (in either order).
    const sizes = [...pdf.toString("latin1").matchAll(/\/Subtype \/Image([\s\S]{0,300}?)\/Length/g)].map(
      (m) => [Number(/\/Width (\d+)/.exec(m[1]!)?.[1]), Number(/\/Height (\d+)/.exec(m[1]!)?.[1])],
    );
    expect(sizes.length).toBeGreaterThan(0);
    for (const [w, h] of sizes) expect(Math.max(w!, h!)).toBeLessThanOrEqual(MAX_SIDE_PX);
    expect(sizes).toContainEqual([1200, 900]);
  });
});

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as fontkit from "fontkit";
import type PDFKitDocument from "pdfkit";
import type { Enterprise } from "../../domain/enterprise.js";
import {
  caseForProof,
  DEFAULT_PROOF_POLICY,
  formatDistance,
  judgePhoto,
  type PhotoFacts,
  type ProofPolicy,
} from "../../domain/photo-proof.js";
import { CJK_FONT_BOLD, CJK_FONT_REGULAR } from "../chart/cjk-font.js";
import { dossierCard } from "./dossier-card.js";
import { type FittedPhoto, fitPhoto } from "./fit-photo.js";
import { CAMPAIGN_TIME_ZONE, formatExifTime, formatPlace, formatTime } from "./photo-evidence.js";

/** One line of a case's history: who did what, when (from the audit log). */
export interface DossierHistoryEntry {
  /** ISO instant. */
  at: string;
  who: string;
  action: string;
  detail: string;
}

export interface DossierPhoto extends PhotoFacts {
  /** 1-based, as 查询 and 采信 number it. */
  seq?: number;
  /** The photo's bytes (fitted to JPEG when drawn); none for a file that is not a picture. */
  bytes: Buffer;
}

export interface DossierInput {
  enterprise: Enterprise;
  history: DossierHistoryEntry[];
  photos: DossierPhoto[];
  /** ISO instant printed as 生成时间 and stored as the PDF's creation date. */
  generatedAt: string;
  timeZone?: string;
  /** What a photo must be to prove completion (the bot's PHOTO_MAX_DISTANCE_M). */
  proof?: ProofPolicy;
}

const MARGIN = 50;
const require = createRequire(import.meta.url);
let parsedFonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
/**
 * The two 10 MB fonts, read and parsed once per process rather than once per dossier: parsing a CJK
 * font's tables again for every PDF took most of a dossier's time (≈ 200 ms each), which a district
 * archive of thousands of enterprises pays thousands of times. pdfkit takes the parsed font as it is.
 */
function fonts() {
  if (!parsedFonts) {
    // pdfkit and fontkit load with the first dossier, not at start; as CommonJS, pdfkit's own build,
    // which uses the same fontkit (one copy in memory with the charts').
    const { create } = require("fontkit") as typeof fontkit;
    parsedFonts = {
      regular: create(readFileSync(CJK_FONT_REGULAR)) as fontkit.Font,
      bold: create(readFileSync(CJK_FONT_BOLD)) as fontkit.Font,
    };
  }
  return parsedFonts;
}
const FONT = "cjk";
const BOLD = "cjk-bold";
type Doc = PDFKit.PDFDocument;

/**
 * 一企一档: one enterprise's file as a PDF with the Chinese font embedded — the card (all ledger fields,
 * case number, town, state), its history, and its photos with their evidence notes.
 * @example const pdf = await buildDossierPdf({ enterprise, history, photos, generatedAt: now.toISOString() });
 */
export async function buildDossierPdf(input: DossierInput): Promise<Buffer> {
  // Every photo decoded with a pixel limit and downscaled first, one at a time: pdfkit would inflate
  // whatever a file declares (a 1 MB PNG of 16000×16000 is 768 MB of pixels).
  const pictures: FittedPhoto[] = [];
  for (const p of input.photos) pictures.push(await fitPhoto(p.bytes));
  const tz = input.timeZone ?? CAMPAIGN_TIME_ZONE;
  const e = input.enterprise;
  const PDFDocument = require("pdfkit") as typeof PDFKitDocument;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    // No Helvetica: its metrics would be loaded for every dossier, and every line is set in the CJK font.
    font: null as unknown as string,
    info: {
      Title: `一企一档 ${e.caseNo} ${e.name}`,
      Author: "huanbao-bot",
      Subject: "惠济区小散乱污企业整治",
      CreationDate: new Date(input.generatedAt),
    },
  });
  doc.registerFont(FONT, fonts().regular as unknown as Buffer);
  doc.registerFont(BOLD, fonts().bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font(BOLD).fontSize(18).text("一企一档", { align: "center" });
  doc.font(FONT).fontSize(11).text(`${e.townName} · ${e.caseNo} · ${e.name}`, { align: "center" });
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor("#555")
    .text(`生成时间：${formatTime(input.generatedAt, tz)}`, { align: "center" });
  doc.fillColor("black").moveDown(0.8);

  section(doc, "一、企业档案卡");
  table(doc, [130, contentWidth(doc) - 130], dossierCard(e, tz), { labelColumn: true });

  section(doc, "二、处理记录");
  if (input.history.length === 0) doc.font(FONT).fontSize(10).text("暂无记录");
  else {
    const widths = [120, 85, 60];
    widths.push(contentWidth(doc) - widths.reduce((a, b) => a + b, 0));
    table(
      doc,
      widths,
      [
        ["时间", "人员", "操作", "内容"],
        ...input.history.map((h) => [formatTime(h.at, tz), h.who, h.action, h.detail]),
      ],
      { headerRow: true },
    );
  }

  section(doc, "三、现场照片");
  if (input.photos.length === 0) doc.font(FONT).fontSize(10).text("暂无照片");
  const policy = input.proof ?? DEFAULT_PROOF_POLICY;
  input.photos.forEach((p, i) => {
    {
      const picture = pictures[i];
      if (picture) photoBlock(doc, e, p, picture, p.seq ?? i + 1, tz, policy);
    }
  });

  pageNumbers(doc);
  doc.end();
  return done;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function section(doc: Doc, title: string): void {
  if (doc.y + 60 > bottom(doc)) doc.addPage();
  doc.moveDown(0.6);
  doc.font(BOLD).fontSize(13).text(title, MARGIN, doc.y);
  doc.moveDown(0.3);
}

/** A bordered table; rows break across pages whole. */
function table(
  doc: Doc,
  widths: number[],
  rows: string[][],
  opts: { labelColumn?: boolean; headerRow?: boolean },
): void {
  const pad = 4;
  doc.fontSize(10);
  rows.forEach((cells, r) => {
    const bold = (c: number) => (opts.labelColumn && c === 0) || (opts.headerRow && r === 0);
    const height =
      Math.max(
        ...cells.map((text, c) => {
          doc.font(bold(c) ? BOLD : FONT);
          return doc.heightOfString(text || " ", { width: (widths[c] ?? 0) - 2 * pad });
        }),
      ) +
      2 * pad;
    if (doc.y + height > bottom(doc)) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((text, c) => {
      const w = widths[c] ?? 0;
      if (bold(c)) doc.rect(x, top, w, height).fillAndStroke("#f0f0f0", "#888");
      else doc.rect(x, top, w, height).stroke("#888");
      doc
        .fillColor("black")
        .font(bold(c) ? BOLD : FONT)
        .text(text, x + pad, top + pad, { width: w - 2 * pad });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  });
}

const PHOTO_W = 220;
const PHOTO_H = 165;

function photoBlock(
  doc: Doc,
  e: Enterprise,
  p: DossierPhoto,
  picture: FittedPhoto,
  n: number,
  tz: string,
  policy: ProofPolicy,
): void {
  if (doc.y + PHOTO_H + 20 > bottom(doc)) doc.addPage();
  const top = doc.y + 6;
  // The one decision (domain/photo-proof.ts): what chat and 销号 said about this photo, the dossier says.
  const verdict = judgePhoto(p, caseForProof(e), policy);
  let unshown = !p.isImage ? "不是图片" : picture.ok ? undefined : picture.reason;
  if (!unshown && picture.ok) {
    try {
      doc.image(picture.jpeg, MARGIN, top, { fit: [PHOTO_W, PHOTO_H], align: "center", valign: "center" });
    } catch {
      unshown = "该图片格式无法在此显示";
    }
  }
  if (unshown) {
    doc
      .font(FONT)
      .fontSize(9)
      .text(`（${unshown}）`, MARGIN, top + PHOTO_H / 2, { width: PHOTO_W, align: "center" });
  }
  doc.rect(MARGIN, top, PHOTO_W, PHOTO_H).stroke("#bbb");

  const x = MARGIN + PHOTO_W + 14;
  const width = contentWidth(doc) - PHOTO_W - 14;
  const lines = [
    `照片 ${n}`,
    `收到时间：${formatTime(p.receivedAt, tz)}`,
    formatExifTime(p.takenAt, tz),
    formatPlace(p.gps),
    verdict.distanceMeters !== null
      ? `距厂址：${formatDistance(verdict.distanceMeters)}`
      : "距厂址：无法计算",
  ];
  doc
    .font(BOLD)
    .fontSize(10)
    .text(lines[0] ?? "", x, top, { width });
  doc.font(FONT).fontSize(9);
  for (const line of lines.slice(1)) doc.text(line, x, doc.y + 2, { width });
  doc.moveDown(0.4);
  doc.font(BOLD).fillColor(verdict.proves ? "#1a7f37" : "#c62828");
  doc.text(verdict.proves ? "可作为整治完成的证明" : "不作为整治完成的证明", x, doc.y, { width });
  doc.font(FONT).fillColor("#c62828");
  for (const flaw of verdict.flaws) doc.text(`※ ${flaw.text}`, x, doc.y + 2, { width });
  if (verdict.acceptance) {
    const a = verdict.acceptance;
    doc
      .fillColor("#1a7f37")
      .text(`※ ${a.by}于${formatTime(a.at, tz)}采信：${a.reason}`, x, doc.y + 2, { width });
  }
  doc.fillColor("black");
  doc.x = MARGIN;
  doc.y = Math.max(doc.y, top + PHOTO_H) + 12;
}

function pageNumbers(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT).fontSize(8).fillColor("#555");
    doc.text(`第 ${i + 1} 页，共 ${range.count} 页`, MARGIN, doc.page.height - 30, {
      width: contentWidth(doc),
      align: "center",
    });
    doc.page.margins.bottom = keep;
  }
  doc.fillColor("black");
}

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, test } from "vitest";
import { buildDossierPdf } from "../reports/dossier/dossier-pdf.js";
import { dossierInput } from "./fixtures/ledgers/dossier.js";

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string; fonts: string[] }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += `${content.items.map((it) => ("str" in it ? it.str : "")).join("")}\n`;
  }
  const fonts = [...pdf.toString("latin1").matchAll(/\/BaseFont \/([A-Z]{6}\+[\w-]+)/g)].map((m) => m[1]!);
  return { pages: doc.numPages, text, fonts };
}

describe("buildDossierPdf (一企一档)", () => {
  test("the card, history and photos are real Chinese text with the font embedded", async () => {
    const pdf = await buildDossierPdf(dossierInput());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, fonts } = await pdfText(pdf);

    expect(text).toContain("一企一档");
    expect(text).toContain("企业名称");
    expect(text).toContain("黄河塑料加工厂");
    expect(text).toContain("案件编号");
    expect(text).toContain("HYK-0001");
    expect(text).toContain("镇（办）");
    expect(text).toContain("花园口镇");
    expect(text).toContain("企业规模 (人员等)");
    expect(text).toContain("完成情况 (完成日期)");
    expect(text).toContain("已销号（拆除到位，2017年3月20日）");
    expect(text).toContain("已断水断电，设备已清运");
    expect(text).toContain("2017年2月10日 10:30");
    // history, in the campaign's time zone
    expect(text).toContain("2017年3月22日 16:00");
    expect(text).toContain("刘明（区督查）");
    expect(text).toContain("现场核查拆除到位，予以销号");
    // photos and their evidence notes
    expect(text).toContain("拍摄时间：2017年3月20日 17:05");
    expect(text).toContain("拍摄地点：北纬34.8521°，东经113.6131°");
    expect(text).toContain("距厂址：约120米");
    expect(text).toContain("※ 拍摄于上报之前（2016年12月1日）");
    expect(text).toContain("※ 与GX-0007的照片相同");
    expect(text).toContain("※ 不是图片（无法识别为照片）");
    expect(text).toContain("（不是图片）");
    expect(text).toContain("※ 拍摄地点距厂址约2.2公里（超过500米）");
    expect(text).toContain("※ 刘明于2017年3月22日 15:30采信：现场复核，拍摄于厂区北侧堆场");
    // Photo 1 and the accepted photo 4 prove it; photos 2 and 3 do not.
    const verdicts = [...text.matchAll(/(可作为|不作为)整治完成的证明/g)].map((m) => m[1]);
    expect(verdicts).toEqual(["可作为", "不作为", "不作为", "可作为"]);
    expect(text).not.toContain("需核实");
    // Noto Sans SC embedded as subsets, no system font relied upon
    expect(fonts.some((f) => f.includes("NotoSansSC"))).toBe(true);
  });

  test("a case without history or photos still gives a complete card", async () => {
    const input = dossierInput();
    const pdf = await buildDossierPdf({ ...input, history: [], photos: [] });
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain("暂无记录");
    expect(text).toContain("暂无照片");
    expect(text).toContain("第 1 页，共 1 页");
  });
});

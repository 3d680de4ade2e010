import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { buildTownDossierZip, dossierFileName } from "../reports/dossier/dossier-archive.js";
import { dossierInput } from "./fixtures/ledgers/dossier.js";
import { enterprise } from "./fixtures/ledgers/enterprises.js";

describe("town dossier archive", () => {
  test("one PDF per enterprise under the town's folder, with the ledger beside them", async () => {
    const base = dossierInput();
    const second = {
      ...base,
      enterprise: enterprise({ id: 2, caseNo: "HYK-0002", name: "宏达/铸造厂" }),
      photos: [],
    };
    const zipBytes = await buildTownDossierZip(
      { town: "花园口镇", generatedAt: "2017-03-23T02:00:00.000Z", ledgerXlsx: Buffer.from("xlsx") },
      [base, second],
    );
    const zip = await JSZip.loadAsync(zipBytes);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual([
      "花园口镇一企一档/HYK-0001-黄河塑料加工厂.pdf",
      "花园口镇一企一档/HYK-0002-宏达_铸造厂.pdf",
      "花园口镇一企一档/花园口镇排查台账.xlsx",
    ]);
    const pdf = await zip.file("花园口镇一企一档/HYK-0001-黄河塑料加工厂.pdf")!.async("nodebuffer");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });

  test("file names keep Chinese and drop characters Windows refuses", () => {
    expect(dossierFileName("GX-0001", 'a:b*c?"d<e>f|g\\h')).toBe("GX-0001-a_b_c_d_e_f_g_h.pdf");
  });
});

import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { InputError, NotFoundError } from "../base/errors.js";
import { enterpriseNameKey } from "../domain/text-normalize.js";
import { createLedgerService } from "../reports/ledger/ledger-service.js";
import type { Db } from "../storage/db.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";
import { townEnterprises } from "./fixtures/ledgers/enterprises.js";
import { solidPng } from "./fixtures/ledgers/png.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const c = await (await doc.getPage(i)).getTextContent();
    text += c.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  return text;
}

describe.each(ENGINES)("ledger service on %s", (engine) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  async function setup() {
    const fresh = await freshDb(engine);
    db = fresh.db;
    const repos = createRepos(db);
    const town = await repos.towns.add("花园口镇", "HYK");
    const other = await repos.towns.add("古荥镇", "GY");
    const person = await repos.persons.add({
      name: "钱七",
      role: "inspector",
      townId: town.id,
      now: "2017-02-01T00:00:00Z",
    });
    let seq = 0;
    const stored = [];
    for (const e of townEnterprises()) {
      const inserted = await repos.enterprises.insert(
        {
          ...e,
          caseNo: `HYK-${String(++seq).padStart(4, "0")}`,
          townId: town.id,
          nameKey: enterpriseNameKey(e.name),
          reportedBy: person.id,
        },
        town.name,
      );
      stored.push(
        await repos.enterprises.update(inserted.id, { finished_on: e.finishedOn, closed_at: e.closedAt }),
      );
    }
    await repos.audit.record({
      at: "2017-03-05T06:00:00.000Z",
      personId: person.id,
      chatId: null,
      inboundId: null,
      action: "progress",
      entityType: "enterprise",
      entityId: stored[2]!.id,
      before: { state: "待整治", finishedOn: null },
      after: { state: "正在拆除", finishedOn: null },
      note: "已断电",
    });
    const photos = createPhotoStore(join(fresh.dir, "photos"));
    const png = await photos.put(solidPng(40, 30, [10, 120, 60]));
    await repos.photos.record(png, "2017-03-18T03:00:00.000Z");
    await repos.photos.attach({
      enterpriseId: stored[2]!.id,
      sha256: png.sha256,
      personId: person.id,
      inboundId: null,
      at: "2017-03-18T03:00:00.000Z",
    });
    await repos.photos.attach({
      enterpriseId: stored[0]!.id,
      sha256: png.sha256,
      personId: person.id,
      inboundId: null,
      at: "2017-03-19T03:00:00.000Z",
    });
    const clock = fixedClock("2017-04-10T02:00:00.000Z");
    return {
      db,
      town,
      other,
      stored,
      person,
      photos,
      service: createLedgerService({ db, photos, clock, campaignYear: 2017 }),
    };
  }

  test("台账 花园口镇 3月: the ledger as of March 23rd", async () => {
    const { service } = await setup();
    const march = await service.townLedger("花园口", "3月");
    expect(march.date).toBe("2017-03-23");
    expect(march.fileName).toBe("花园口镇小散乱污企业排查台账（2017年3月23日）.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(march.xlsx as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell("A2").text).toBe("镇（办）：花园口镇");
    expect(ws.getCell("A3").text).toBe("日期：2017年3月23日");
    expect(march.rows).toBe(4);
    expect(ws.getCell("M7").text).toBe("已销号（拆除到位，2017年3月18日）");

    const february = await service.townLedger("花园口镇", "2017年2月");
    expect(february.rows).toBe(4);
    // finished on 3月1日: on Feb 23rd it was still being worked on
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(february.xlsx as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.getCell("M8").text).toBe("补办手续");

    await expect(service.townLedger("不存在镇")).rejects.toThrow(NotFoundError);
    await expect(service.townLedger("花园口镇", "十三月")).rejects.toThrow(InputError);
  });

  test("档案 HYK-0003: the dossier with its history and photo", async () => {
    const { service } = await setup();
    const d = await service.dossier("档案 hyk-3");
    expect(d.fileName).toBe("HYK-0003-金水印染作坊.pdf");
    const text = await pdfText(d.pdf);
    expect(text).toContain("企业名称");
    expect(text).toContain("金水印染作坊");
    expect(text).toContain("待整治 → 正在拆除；已断电");
    expect(text).toContain("钱七");
    // HYK-0003 had the photo first: it proves HYK-0003, and proves nothing for HYK-0001, filed later.
    expect(text).toContain("可作为整治完成的证明");
    const other = await pdfText((await service.dossier("档案 HYK-0001")).pdf);
    expect(other).toContain("不作为整治完成的证明");
    expect(other).toContain("※ 与HYK-0003的照片相同");
    await expect(service.dossier("档案 HYK-0099")).rejects.toThrow(NotFoundError);
    await expect(service.dossier("档案")).rejects.toThrow(InputError);
  });

  test("档案: the other cases sharing its photos are read in one query, however many photos", async () => {
    const { db, service, stored, person, photos } = await setup();
    const queries = async () => {
      let n = 0;
      const count = () => n++;
      db.on("query", count);
      const d = await service.dossier("档案 HYK-0003");
      db.off("query", count);
      return { n, text: await pdfText(d.pdf) };
    };
    const one = await queries();
    // Two more photos of HYK-0003, each filed on HYK-0002 first.
    const repos = createRepos(db);
    const colors: [number, number, number][] = [
      [200, 10, 10],
      [10, 10, 200],
    ];
    for (const color of colors) {
      const png = await photos.put(solidPng(40, 30, color));
      await repos.photos.record(png, "2017-03-20T03:00:00.000Z");
      for (const e of [stored[1]!, stored[2]!])
        await repos.photos.attach({
          enterpriseId: e.id,
          sha256: png.sha256,
          personId: person.id,
          inboundId: null,
          at: "2017-03-20T03:00:00.000Z",
        });
    }
    const three = await queries();
    expect(three.n).toBe(one.n);
    expect(three.text.match(/※ 与HYK-0002的照片相同/g)).toHaveLength(2);
    expect(three.text).not.toContain("与HYK-0001的照片相同");
  });

  test("档案 花园口镇: every dossier of the town and its ledger in one zip", async () => {
    const { service } = await setup();
    const all = await service.townDossiers("花园口镇");
    expect(all.count).toBe(4);
    const zip = await JSZip.loadAsync(all.zip);
    expect(Object.keys(zip.files).filter((n) => n.endsWith(".pdf"))).toHaveLength(4);
    expect(Object.keys(zip.files).some((n) => n.endsWith("花园口镇排查台账.xlsx"))).toBe(true);
  });
});

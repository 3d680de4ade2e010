import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { photo, seedSupervision } from "./helpers/supervision-district.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const DATE = "2017年3月1日";
const ROOT = `惠济区小散乱污企业整治档案（${DATE}）`;

async function sheetText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.worksheets[0]!.eachRow((row) => {
    row.eachCell((c) => {
      cells.push(String(c.value));
    });
  });
  return cells.join("|");
}

describe.each(ENGINES)("档案 全区: the 8月29日 report in one archive (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    await seedSupervision(db, { 古荥镇: 3, 花园口镇: 2 });
    t = await startTestBot(db, fresh.dir);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("附件1 per town, 附件2, the charts and every dossier; district roles only; withdrawn reports left out", async () => {
    await t.say("张三", GY_GROUP, { photo: await photo(60), caption: "GY-0001" });
    await t.say("王五", "@王五", "督查 HYK-0001 问题 露天喷漆 要求 限期拆除 期限 3月10日");
    await t.say("李四", GY_GROUP, "撤回 GY-0003 重复上报");
    expect(await t.say("张三", GY_GROUP, "档案 全区")).toContain("全区档案由区督查、领导或管理员导出");

    const reply = await t.say("赵六", "@赵六", "档案 全区");
    expect(reply).toContain(`📎 ${ROOT}.zip`);
    expect(reply).toContain("8 个镇（办）台账、督查跟踪台账、整治进度图和 4 家企业的一企一档");
    const [file] = t.chat.filesIn("@赵六");
    expect(file?.fileName).toBe(`${ROOT}.zip`);
    const zip = await JSZip.loadAsync(file!.bytes);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    expect(names).toContain(`${ROOT}/说明.txt`);
    expect(names.filter((n) => n.startsWith(`${ROOT}/表格/附件1 排查台账/`))).toHaveLength(8);
    expect(names).toContain(`${ROOT}/表格/附件1 排查台账/古荥镇小散乱污企业排查台账（${DATE}）.xlsx`);
    expect(names).toContain(`${ROOT}/表格/附件2 惠济区小散乱污企业督查跟踪台账（${DATE}）.xlsx`);
    expect(names).toContain(`${ROOT}/图片/各镇（办）整治完成率.png`);
    expect(names).toContain(`${ROOT}/图片/各类整治要求完成情况.png`);
    expect(names.filter((n) => n.includes("/一企一档/")).sort()).toEqual([
      `${ROOT}/一企一档/古荥镇/GY-0001-古荥镇第1厂.pdf`,
      `${ROOT}/一企一档/古荥镇/GY-0002-古荥镇第2厂.pdf`,
      `${ROOT}/一企一档/花园口镇/HYK-0001-花园口镇第1厂.pdf`,
      `${ROOT}/一企一档/花园口镇/HYK-0002-花园口镇第2厂.pdf`,
    ]);
    const read = (name: string) => zip.file(`${ROOT}/${name}`)!.async("nodebuffer");
    const summary = (await read("说明.txt")).toString();
    expect(summary).toContain("全区在册 4 家");
    expect(summary).toContain("督查移交问题 1 件");
    expect(summary).toContain("古荥镇：在册 2 家");
    const gy = await sheetText(await read(`表格/附件1 排查台账/古荥镇小散乱污企业排查台账（${DATE}）.xlsx`));
    expect(gy).toContain("古荥镇第1厂");
    expect(gy).not.toContain("古荥镇第3厂");
    const ledger2 = await sheetText(await read(`表格/附件2 惠济区小散乱污企业督查跟踪台账（${DATE}）.xlsx`));
    expect(ledger2).toContain("花园口镇第1厂");
    expect((await read("图片/各镇（办）整治完成率.png")).subarray(1, 4).toString()).toBe("PNG");
    expect((await read("一企一档/古荥镇/GY-0001-古荥镇第1厂.pdf")).subarray(0, 5).toString()).toBe("%PDF-");

    expect(await t.say("王五", "@王五", "档案 全区")).toContain(`📎 ${ROOT}.zip`);
  });
});

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ACK_FROM_BYTES } from "../commands/ledger-import.js";
import { bigLedger } from "./helpers/big-ledger.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";
import { waitUntil } from "./helpers/wait-until.js";

// Issue 13: a town's ledger import must not hold the bot (or the database) for its whole length: the
// file is acknowledged at once, read in a worker thread and stored in short chunks after the message
// commits; a bot stopped or killed in the middle carries on where it was, every row once.

const ROWS = 3000; // every 1000th refused: 2,997 enterprises
/** Real work (a workbook read in a thread, thousands of rows stored): minutes on a loaded machine. */
const LONG = { timeout: 240_000 };
const ACK = "已收到“古荥镇台账.xlsx”，正在导入古荥镇台账，完成后发送结果。";
const SUMMARY = "台账导入完成：新建 2997 家，已在册 0 家，表内重复 0 行，有误 3 行。";

describe.each(ENGINES)("a large ledger import, after the message and in chunks (%s)", (engine) => {
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let xlsx: Buffer;
  beforeEach(async () => {
    fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    t = await startTestBot(fresh.db, fresh.dir);
    xlsx ??= await bigLedger(ROWS, { badEvery: 1000 });
    expect(xlsx.length).toBeGreaterThan(ACK_FROM_BYTES);
  });
  afterEach(async () => {
    await t.bot.stop();
    await fresh.db.destroy();
  });
  const stored = async () => Number((await fresh.db("enterprises").count({ n: "*" }).first())?.n);
  const summaries = (texts: string[]) => texts.filter((x) => x.startsWith("台账导入完成"));

  test("another chat is answered while the import runs; then one summary", LONG, async () => {
    await t.chat.post("李四", GY_GROUP, { file: xlsx, fileName: "古荥镇台账.xlsx" });
    // In the middle of the import: some rows are stored, not all.
    await waitUntil(async () => (await stored()) > 0, 120_000);
    await t.chat.post("王五", "@王五", "进度");
    await waitUntil(() => t.chat.textsIn("@王五").length > 0, 60_000);
    const summaryMeanwhile = summaries(t.chat.textsIn(GY_GROUP)).length;
    await t.bot.settle();

    expect(t.chat.textsIn("@王五")[0]).toContain("整治进度");
    expect(summaryMeanwhile).toBe(0);
    const texts = t.chat.textsIn(GY_GROUP);
    expect(texts[0]).toBe(ACK);
    expect(summaries(texts)).toHaveLength(1);
    expect(texts.at(-1)).toContain(SUMMARY);
    expect(texts.at(-1)).toContain("· D1003：企业类型“小作坊”无法识别");
    expect(await stored()).toBe(2997);
  });

  test.each(["stopped", "killed"])(
    "a bot %s in the middle of an import and started again finishes it, every row once",
    LONG,
    async (how) => {
      await t.chat.post("李四", GY_GROUP, { file: xlsx, fileName: "古荥镇台账.xlsx" });
      await waitUntil(async () => (await stored()) > 0, 120_000);
      await t.bot.stop();
      const atStop = await stored();
      const firstChat = t.chat;
      if (how === "killed") {
        // What a process killed mid-import leaves: its job running, with the progress of the last chunk
        // it committed, under a lease that runs out (60 s) — then the next process takes it over.
        await fresh.db("file_jobs").update({
          status: "running",
          owner: "dead-process",
          lease_until: "2017-03-01T01:59:00.000Z",
        });
      }
      t = await startTestBot(fresh.db, fresh.dir);
      await t.bot.settle();

      expect(atStop).toBeGreaterThan(0);
      expect(atStop).toBeLessThan(2997);
      expect(summaries(firstChat.textsIn(GY_GROUP))).toHaveLength(0);
      expect(summaries(t.chat.textsIn(GY_GROUP))).toEqual([expect.stringContaining(SUMMARY)]);
      const rows = await fresh.db("enterprises").select("name", "case_no");
      expect(rows).toHaveLength(2997);
      expect(new Set(rows.map((r) => r.name)).size).toBe(2997);
      expect(new Set(rows.map((r) => r.case_no)).size).toBe(2997);
      const audit = await fresh.db("audit_log").where({ action: "ledger_import" }).count({ n: "*" }).first();
      expect(Number(audit?.n)).toBe(2997);
    },
  );

  test(
    "a large file that is not this town's ledger: acknowledged, then today's clear answer; nothing stored",
    LONG,
    async () => {
      const other = await bigLedger(ROWS, { town: "花园口镇" });
      await t.chat.post("李四", GY_GROUP, { file: other, fileName: "古荥镇台账.xlsx" });
      await t.bot.settle();
      expect(t.chat.textsIn(GY_GROUP)).toEqual([
        ACK,
        "该台账的镇（办）是“花园口镇”，不是“古荥镇”，未导入。请在花园口镇的群里导入，或改正表头。",
      ]);
      expect(await stored()).toBe(0);
      expect((await fresh.db("file_jobs").first())?.status).toBe("failed");
    },
  );

  test("a large file that is no workbook: acknowledged, then today's clear answer", LONG, async () => {
    const junk = Buffer.alloc(ACK_FROM_BYTES + 1, "台账");
    await t.chat.post("李四", GY_GROUP, { file: junk, fileName: "古荥镇台账.xlsx" });
    await t.bot.settle();
    const texts = t.chat.textsIn(GY_GROUP);
    expect(texts[0]).toBe(ACK);
    expect(texts.at(-1)).toContain("该文件不是 Excel 2007 及以上格式（.xlsx）的表格，无法读取。");
    expect(texts).toHaveLength(2);
  });
});

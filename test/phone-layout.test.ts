import { writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Db } from "../storage/db.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { replyPng } from "./helpers/reply-png.js";
import { reportTwoCasesOneOverdue, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/**
 * WeChat and WeCom bubbles use a proportional font: a table aligned with spaces drifts apart there.
 * The replies that were tables are read here as a phone shows them.
 */
describe.each(ENGINES)("replies read in a proportional font (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Db;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir);
    await reportTwoCasesOneOverdue(t); // 顺发铸造厂 is now overdue
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("进度: one line per town, labels beside numbers, no column made of spaces", async () => {
    const reply = await t.say("赵六", "@赵六", "进度");
    const lines = reply.split("\n");
    expect(lines[0]).toBe("整治进度（2017年3月10日）");
    expect(lines).toContain("全区：总数 2 · 完成 0 · 销号 0 · 逾期 1 · 完成率 0.0%");
    expect(lines).toContain("古荥镇：总数 2 · 完成 0 · 销号 0 · 逾期 1 · 完成率 0.0%");
    expect(lines).toContain("花园口镇：尚无上报企业");
    for (const line of lines) expect(line, line).not.toMatch(/\S {2,}\S/);

    const { png, widths } = replyPng(reply);
    // Every line is its own row: nothing lines up by position, so nothing can drift.
    expect(widths.every((w) => w > 0)).toBe(true);
    if (process.env.UPDATE_DOCS) writeFileSync("docs/phone-progress.png", png);
  });
});

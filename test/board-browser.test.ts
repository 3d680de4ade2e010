import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Db } from "../storage/db.js";
import { LINK_TTL_MS, startBotWithBoard } from "./helpers/board-harness.js";
import { freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict } from "./helpers/test-bot.js";

/**
 * The board in a real browser: Debian's Chromium driven by playwright-core (.ci/run installs it with
 * a CJK font). Seeded through chat commands; a phone-sized window.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// With UPDATE_DOCS=1 the screenshots replace the README's pictures in docs/.
const SHOTS = process.env.UPDATE_DOCS ? "docs" : join(process.env.TMPDIR ?? "/tmp", "huanbao-board-shots");

const photo = (r: number) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r, g: 140, b: 90 } } })
    .jpeg()
    .toBuffer();

describe("the web board in Chromium", () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startBotWithBoard>>;
  let db: Db;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Root needs --no-sandbox; the rest keeps Chromium off the (closed) network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    const fresh = await freshDb("sqlite");
    db = fresh.db;
    await seedDistrict(db);
    t = await startBotWithBoard(db, fresh.dir);
    const reports = [
      ["黄河塑料加工厂", "2017-03-31", "限期拆除"],
      ["顺发铸造厂", "2017-03-05", "整改完善"],
      ["东风印刷厂", "2017-04-15", "补办手续"],
      ["兴旺小汽修", "2017-03-08", "整改完善"],
    ];
    for (const [name, deadline, requirement] of reports) {
      await t.say(
        "张三",
        GY_GROUP,
        REPORT.replace("黄河塑料加工厂", name!)
          .replace("2017-03-31", deadline!)
          .replace("限期拆除", requirement!),
      );
      await t.say("张三", GY_GROUP, {
        lat: 34.85 + Math.random() * 0.01,
        lng: 113.56 + Math.random() * 0.01,
      });
    }
    await t.say("张三", GY_GROUP, "进展 GY-0003 补办手续");
    t.clock.set("2017-03-10T02:00:00.000Z"); // two deadlines have passed
    await t.say("张三", GY_GROUP, { photo: await photo(60), caption: "GY-0004" });
    await t.say("张三", GY_GROUP, "进展 GY-0004 整改到位");
    await t.say("李四", GY_GROUP, "销号 GY-0004");
  });
  afterEach(async () => {
    await t.board.stop();
    await t.bot.stop();
    await db.destroy();
  });

  test("district page: renders on a phone, numbers match 进度, a change in chat shows without reload", async () => {
    const link = t.linkIn(await t.say("赵六", "@赵六", "看板"));
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const failed: string[] = [];
    page.on("requestfailed", (r) => failed.push(r.url()));
    page.on("pageerror", (e) => failed.push(e.message));
    await page.goto(link);
    // Both charts drawn by ECharts in the page, and the map's points on a plain background.
    await page.locator(".chart svg").nth(1).waitFor();
    await page.locator(".map.plain .leaflet-interactive").first().waitFor();
    await page.locator("#live.on").waitFor();
    const progress = (await t.say("赵六", "@赵六", "进度")).split("\n");
    const shown = await page.locator("ul.towns li").allTextContents();
    expect(shown).toContain(progress.find((l) => l.startsWith("古荥镇："))!);
    expect(shown).toContain(progress.find((l) => l.startsWith("花园口镇："))!);
    expect(await page.locator("[data-figures=全区]").textContent()).toBe(
      progress.find((l) => l.startsWith("全区：")),
    );
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, "board-district.png"), fullPage: true });

    // A change in chat: the open page follows, without a reload.
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    t.clock.advance(60_000);
    await t.say("张三", GY_GROUP, { photo: await photo(90), caption: "GY-0001" });
    await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    const after = (await t.say("赵六", "@赵六", "进度")).split("\n").find((l) => l.startsWith("古荥镇："))!;
    expect(after).toContain("完成 2");
    await page.locator("ul.towns li", { hasText: after }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(failed).toEqual([]);
    await page.close();
  });

  test("case page: card, photo with the evidence verdict, position; an expired link is refused", async () => {
    const link = t.linkIn(await t.say("赵六", "@赵六", "看板"));
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(`${link}case/GY-0004`);
    await page.locator(".photo img").waitFor();
    expect(await page.locator(".photo img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await page.locator(".verdict").textContent()).toBe("可作为整治完成的证明");
    expect(await page.locator("dl.card").textContent()).toContain("已销号");
    await page.locator(".map .leaflet-interactive").first().waitFor();
    await page.screenshot({ path: join(SHOTS, "board-case.png"), fullPage: true });

    t.clock.advance(LINK_TTL_MS);
    const refused = await page.goto(link);
    expect(refused?.status()).toBe(403);
    expect(await page.locator("main").textContent()).toContain("此看板链接已过期。");
    expect(await page.locator("ul.towns").count()).toBe(0);
    await page.close();
  });
});

import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Clock, fixedClock } from "../../base/clock.js";
import { type Bot, createBot } from "../../bot/create-bot.js";
import type { Db } from "../../storage/db.js";
import { createRepos } from "../../storage/repos.js";
import { ENGINES, freshDb } from "./databases.js";
import { REPORT, seedDistrict, silentLog } from "./test-bot.js";

/** Who speaks in the scenario: 张三 (inspector of 古荥镇) or 赵六 (director). */
export type Speaker = "inspector" | "director";

/**
 * One platform reached through its real adapter, with the platform side played by the existing fake
 * (a fake Bot API server, a fake WeCom API plus signed callbacks, wechaty-puppet-mock, stdin/stdout).
 * The conversation suite only talks to a driver, so the same scenario runs unchanged on every platform.
 */
export interface ChatDriver {
  /** The platform name the core stores identities and chats under ("console", "wecom", …). */
  platform: string;
  /** External user id of 张三, the inspector, on this platform. */
  inspectorId: string;
  /** External user id of 赵六, the director, on this platform. */
  directorId: string;
  /**
   * External chat id of the town's group, where both people speak. A platform without groups (WeCom's
   * self-built app only has private chats) gives the inspector's private chat id and sets `hasGroups`
   * false: the director then speaks in his own private chat, and no group is bound to the town.
   */
  townGroupId: string;
  /** False when messages go through private chats only (see `townGroupId`). */
  hasGroups: boolean;
  /** How a person @-mentions the bot in the group on this platform (@整治助手, @huanbao_test_bot). */
  mention: string;
  /**
   * Whether the platform knows the bot's own name and so tells an @ of someone else from one of the bot
   * (Telegram, WeChat); where it cannot (the console), any leading @ is taken as the bot's.
   */
  knowsMentions: boolean;
  /** Creates the platform adapter (platform-side time from `clock`) and starts `bot` with it. */
  start(bot: Bot, clock: Clock): Promise<void>;
  /** Stops the bot and closes the fake. */
  stop(): Promise<void>;
  /** The person sends a text where the scenario talks (the group, or their private chat). */
  sendText(from: Speaker, text: string): Promise<void>;
  /** The person sends a photo (JPEG bytes) there. */
  sendPhoto(from: Speaker, jpeg: Buffer): Promise<void>;
  /** Every text the fake received from the bot in the chats the driver's messages were sent in, in order. */
  replies(): string[];
}

/** 张三 (inspector, 古荥镇) and 赵六 (director) known by the driver's ids; its group bound to 古荥镇. */
async function seed(db: Db, d: ChatDriver): Promise<void> {
  await seedDistrict(db, d.platform, {
    accounts: { 张三: d.inspectorId, 赵六: d.directorId },
    group: d.hasGroups ? { id: d.townGroupId, title: "古荥镇工作群" } : null,
  });
}

/** Waits (briefly, polling) until the platform's fake has received a reply, then until the bot is idle. */
async function answer(driver: ChatDriver, bot: Bot, send: () => Promise<void>): Promise<string> {
  const before = driver.replies().length;
  await send();
  for (let i = 0; i < 300 && driver.replies().length === before; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await bot.settle();
  return driver.replies().slice(before).join("\n");
}

/**
 * The conversation every platform must hold the same way: report → photo → progress → query, and a
 * refusal for the wrong role. Registers one `describe` per database engine.
 *
 * @example
 *   conversationSuite("telegram", makeTelegramDriver);
 */
export function conversationSuite(platformName: string, makeDriver: () => Promise<ChatDriver>): void {
  describe.each(ENGINES)(`conversation on ${platformName} (%s)`, (engine) => {
    let db: Db;
    let bot: Bot;
    let driver: ChatDriver;
    const clock = fixedClock("2017-03-01T02:00:00.000Z");

    beforeEach(async () => {
      clock.set("2017-03-01T02:00:00.000Z");
      driver = await makeDriver();
      const fresh = await freshDb(engine);
      db = fresh.db;
      await seed(db, driver);
      bot = createBot({
        db,
        dataDir: fresh.dir,
        clock,
        log: silentLog,
        settings: { campaignYear: 2017, botName: "整治助手" },
        outboxPollMs: 60_000,
      });
      await driver.start(bot, clock);
    });
    afterEach(async () => {
      await driver.stop();
      await db.destroy();
    });

    test("report → photo → progress → query → 进展 refused for the director", async () => {
      const text = (from: Speaker, t: string) => answer(driver, bot, () => driver.sendText(from, t));

      const reported = await text("inspector", REPORT);
      expect(reported).toContain("✅ 已上报 GY-0001");
      expect(reported).toContain("【GY-0001】黄河塑料加工厂");

      clock.advance(3_600_000);
      const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#3a5" } })
        .jpeg()
        .toBuffer();
      const photo = await answer(driver, bot, () => driver.sendPhoto("inspector", jpeg));
      expect(photo).toContain("照片已存入【GY-0001】黄河塑料加工厂档案（共1张）");

      expect(await text("inspector", "进展 GY-0001 正在拆除")).toContain("待整治 → 正在拆除");

      const query = await text("inspector", "查询 GY-0001");
      expect(query).toContain("黄河塑料加工厂");
      expect(query).toContain("正在拆除");

      expect(await text("director", "进展 GY-0001 拆除到位")).toContain("「进展」仅限");
      expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("正在拆除");
    });

    test("a photo, then a description in free words: one draft, filed after 确认 with the photo", async () => {
      const text = (from: Speaker, t: string) => answer(driver, bot, () => driver.sendText(from, t));
      const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#753" } })
        .jpeg()
        .toBuffer();
      const photo = await answer(driver, bot, () => driver.sendPhoto("inspector", jpeg));
      expect(photo).toContain("📷 照片已收到（共1张），上报提交后存入该企业档案。");
      const shown = await text("inspector", "黄河村三组有个塑料厂，十来个人，烧废塑料，没手续，要拆");
      expect(shown).toContain("已整理为上报草稿（未提交）");
      expect(shown).toContain("企业规模：约10人");
      expect(shown).toContain("· 企业名称：缺少");
      expect(await text("inspector", "企业名称：黄河塑料厂\n整治期限：3月31日\n分包责任人：张三")).toContain(
        "回复「确认」提交",
      );
      expect(await createRepos(db).enterprises.byCaseNo("GY-0001")).toBeUndefined();
      const filed = await text("inspector", "确认");
      expect(filed).toContain("✅ 已上报 GY-0001");
      expect(filed).toContain("📷 先前发送的 1 张照片已存入该企业档案。");
    });

    test("a question in plain words: the reading first, then the answer (@-mentioned in a group)", async () => {
      const text = (from: Speaker, t: string) => answer(driver, bot, () => driver.sendText(from, t));
      expect(await text("inspector", REPORT)).toContain("✅ 已上报 GY-0001");
      const ask = (q: string) => text("director", driver.hasGroups ? `${driver.mention} ${q}` : q);
      expect(await ask("古荥有多少家没整改完的？")).toBe(
        "我理解为：古荥镇 · 未完成 · 数量\n古荥镇未完成：1 家",
      );
      const unknown = await ask("谢谢领导");
      expect(unknown).toContain("没有看懂这条消息，没有作答");
      expect(unknown).not.toContain("我理解为");
    });

    test("the @ at the end or in the middle of a question speaks to the bot as well as one before it", async () => {
      const text = (from: Speaker, t: string) => answer(driver, bot, () => driver.sendText(from, t));
      expect(await text("inspector", REPORT)).toContain("✅ 已上报 GY-0001");
      const at = (before: string, after: string) =>
        text("director", driver.hasGroups ? `${before} ${driver.mention} ${after}`.trim() : before + after);
      expect(await at("古荥有多少家没整改完的？", "")).toBe(
        "我理解为：古荥镇 · 未完成 · 数量\n古荥镇未完成：1 家",
      );
      expect(await at("古荥这周", "新增了几家")).toBe(
        "我理解为：古荥镇 · 本周 · 新增 · 数量\n古荥镇本周新增：1 家",
      );
    });

    test("a question put to a colleague (@张三 first) is left to them where the platform knows the bot", async () => {
      if (!driver.knowsMentions) return;
      const text = (from: Speaker, t: string) => answer(driver, bot, () => driver.sendText(from, t));
      expect(await text("director", "@张三 古荥有多少家没整改完的？")).toBe("");
      expect(await text("director", `${driver.mention} 古荥有多少家没整改完的？`)).toBe(
        "我理解为：古荥镇 · 未完成 · 数量\n古荥镇未完成：0 家",
      );
    });
  });
}

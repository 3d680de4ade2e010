import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { type Db, openDb } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { type FakeTelegram, startFakeTelegram } from "./fakes/fake-telegram.js";
import { botAdded, groupText, ids } from "./fakes/fake-telegram-updates.js";
import { REPORT as SHARED_REPORT, seedDistrict } from "./helpers/test-bot.js";

const log = pino({ level: "silent" });
// The shared report, addressed the way this platform addresses the bot.
const REPORT = SHARED_REPORT.replace(/^上报/, "/report");

let fake: FakeTelegram;
let db: Db;
let bot: Bot;
const clock = fixedClock("2017-03-01T02:00:00.000Z");
let messageId = 200;

/** The town's Telegram group bound to 古荥镇, and 张三 (an inspector) known by his Telegram user id. */
async function seed(db: Db): Promise<void> {
  await seedDistrict(db, "telegram", {
    accounts: { 张三: String(ids.inspector) },
    group: { id: String(ids.townGroup), title: "古荥镇环保群" },
  });
}

beforeEach(async () => {
  clock.set("2017-03-01T02:00:00.000Z");
  fake = await startFakeTelegram();
  const dir = mkdtempSync(join(tmpdir(), "huanbao-telegram-"));
  db = await openDb({ sqlitePath: join(dir, "test.sqlite") });
  await seed(db);
  bot = createBot({
    db,
    dataDir: dir,
    clock,
    log,
    settings: { campaignYear: 2017, botName: "整治助手" },
    outboxPollMs: 60_000,
  });
  const telegram = createTelegramPlatform(
    { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
    { logger: log, clock: () => clock.now() },
  );
  await bot.start([telegram]);
});

afterEach(async () => {
  await bot.stop();
  await fake.close();
  await db.destroy();
});

/** Delivers an update through the fake Bot API and returns what the bot answered in the group. */
async function say(update: Parameters<FakeTelegram["pushUpdate"]>[0]): Promise<string> {
  const before = fake.sent.length;
  fake.pushUpdate(update);
  await fake.waitForSent(before + 1);
  await bot.settle();
  return fake.sent
    .slice(before)
    .filter((s) => s.chatId === String(ids.townGroup))
    .map((s) => s.visibleText ?? "")
    .join("\n");
}

// The plain conversation (Chinese words, photo, a refusal) is test/conversation-telegram.test.ts; this one
// holds it with the slash aliases and the @botname suffix.
test("/report → /progress@bot → /query → /close refused, all through the Bot API", async () => {
  let reply = await say(groupText(REPORT, messageId++));
  expect(reply).toContain("✅ 已上报 GY-0001");
  expect(reply).toContain("【GY-0001】黄河塑料加工厂");

  reply = await say(groupText(`/progress@${fake.username} GY-0001 正在拆除`, messageId++));
  expect(reply).toContain("待整治 → 正在拆除");

  reply = await say(groupText("/query GY-0001", messageId++));
  expect(reply).toContain("黄河塑料加工厂");
  expect(reply).toContain("正在拆除");

  reply = await say(groupText("/close GY-0001", messageId++));
  expect(reply).toContain("「销号」仅限区督查、镇（办）管理员使用");

  const stored = await createRepos(db).enterprises.byCaseNo("GY-0001");
  expect(stored?.state).toBe("正在拆除");
});

test("added to a group, the bot says what it does there and whether the group is bound", async () => {
  expect(await say(botAdded(fake.username))).toBe(
    [
      "大家好，我是整治助手，负责小散乱污企业的上报、整治进展和进度查询。",
      "本群已绑定为古荥镇工作群。",
      "发送「帮助」查看可用指令和上报模板。",
    ].join("\n"),
  );
  const newGroup = { id: -1001000000042, title: "王村环保群", type: "supergroup" as const };
  const before = fake.sent.length;
  fake.pushUpdate(botAdded(fake.username, newGroup, 108));
  await fake.waitForSent(before + 1);
  expect(fake.sent.at(-1)).toMatchObject({ chatId: String(newGroup.id) });
  expect(fake.sent.at(-1)?.visibleText).toContain("本群尚未绑定：请管理员在群里发送「绑定 镇名」");
});

test("a redelivered update is handled once", async () => {
  const update = groupText("/query GY-0009", 900);
  await say(update);
  const before = fake.sent.length;
  fake.pushUpdate(update);
  fake.pushUpdate(groupText("/stats", 901));
  // Both updates acknowledged (getUpdates moved its offset past them): each was stored, the repeat as a
  // repeat. Then whatever they led to is sent.
  for (let i = 0; i < 500 && fake.unconfirmed() > 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(fake.unconfirmed()).toBe(0);
  await bot.settle();
  expect(fake.sent.slice(before).map((s) => s.visibleText)).toEqual([expect.stringContaining("进度")]);
});

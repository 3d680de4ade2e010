import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { type Db, openDb } from "../storage/db.js";
import { type FakeTelegram, startFakeTelegram } from "./fakes/fake-telegram.js";
import { seedDistrict } from "./helpers/test-bot.js";

// A basic group bound to 古荥镇 that its owner upgrades to a supergroup (Telegram does it on its own too,
// e.g. when the group gets public or large): the new chat has a new id.
const OLD_GROUP = { id: -987654321, title: "古荥镇环保群" };
const SUPERGROUP = -1001987654321;
const admin = { id: 5000000006, is_bot: false as const, first_name: "管理" };

const log = pino({ level: "silent" });
let fake: FakeTelegram;
let db: Db;
let bot: Bot;
const clock = fixedClock("2017-03-20T02:00:00.000Z");
let messageId = 300;

beforeEach(async () => {
  fake = await startFakeTelegram();
  const dir = mkdtempSync(join(tmpdir(), "huanbao-supergroup-"));
  db = await openDb({ sqlitePath: join(dir, "test.sqlite") });
  await seedDistrict(db, "telegram", {
    accounts: { 周管理: String(admin.id) },
    group: { id: String(OLD_GROUP.id), title: OLD_GROUP.title },
  });
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

/** 管理员 pushes 报送预告 now: it goes to every town group. Returns the chats it reached. */
async function pushHeadsUp(): Promise<string[]> {
  const before = fake.sent.length;
  fake.pushUpdate({
    message: {
      message_id: messageId++,
      from: admin,
      chat: { id: admin.id, first_name: admin.first_name, type: "private" },
      date: 1489975200,
      text: "立即推送 报送预告",
    },
  });
  await fake.waitForSent(before + 2, 5000);
  await bot.settle();
  return [
    ...new Set(
      fake.sent
        .slice(before)
        .filter((s) => s.chatId !== String(admin.id))
        .map((s) => s.chatId),
    ),
  ];
}

async function settled(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  await bot.settle();
}

test("a group upgraded to a supergroup keeps its binding: the town's pushes reach the supergroup", async () => {
  fake.upgradeGroup(OLD_GROUP, SUPERGROUP, { from: admin });
  await settled(() => fake.unconfirmed() === 0);

  const reached = await pushHeadsUp();
  expect(reached).toEqual([String(SUPERGROUP)]);
  // Nothing tried at the old id once the bot knew.
  expect(
    fake.calls.some((c) => c.method.startsWith("send") && c.params.chat_id === String(OLD_GROUP.id)),
  ).toBe(false);
});

test("a push queued for the group just before the upgrade is delivered in the supergroup", async () => {
  // Telegram has upgraded the group; the bot has not seen the service messages yet.
  fake.upgradeGroup(OLD_GROUP, SUPERGROUP, undefined);
  const reached = await pushHeadsUp();
  expect(reached).toEqual([String(SUPERGROUP)]);
});

test("someone speaks in the supergroup before the upgrade is announced: the binding still moves there", async () => {
  fake.upgradeGroup(OLD_GROUP, SUPERGROUP, undefined);
  fake.pushUpdate({
    message: {
      message_id: 2,
      from: admin,
      chat: { id: SUPERGROUP, title: OLD_GROUP.title, type: "supergroup" },
      date: 1489975100,
      text: "大家好",
    },
  });
  await settled(() => fake.unconfirmed() === 0);
  fake.upgradeGroup(OLD_GROUP, SUPERGROUP, { from: admin });
  await settled(() => fake.unconfirmed() === 0);

  expect(await pushHeadsUp()).toEqual([String(SUPERGROUP)]);
  expect(
    fake.calls.some((c) => c.method.startsWith("send") && c.params.chat_id === String(OLD_GROUP.id)),
  ).toBe(false);
});

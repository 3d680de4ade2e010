import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import emulator from "telegram-test-api";
import { afterEach, beforeEach, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { type Db, openDb } from "../storage/db.js";
import { startEmulatorProxy } from "./fakes/telegram-emulator-proxy.js";
import { REPORT, seedDistrict, silentLog } from "./helpers/test-bot.js";

/**
 * The bot against telegram-test-api, a Bot API emulator from npm that nobody here wrote (pinned as a
 * devDependency), behind a small proxy that gives it getUpdates offsets and long polling. Text only:
 * the emulator has no getFile, sendPhoto or sendDocument.
 */
// A CommonJS module whose `exports.default` is the server class: TypeScript sees the module object,
// vitest's interop may hand over the class itself.
const TelegramServer = ((emulator as { default?: unknown }).default ?? emulator) as typeof emulator.default;
type TelegramServer = InstanceType<typeof TelegramServer>;

const TOKEN = "5550001:emulator-token";
const INSPECTOR = { userId: 7001, firstName: "建国" };
const DIRECTOR = { userId: 7002, firstName: "六" };
const GROUP = -1005550001;

let server: TelegramServer;
let proxy: Awaited<ReturnType<typeof startEmulatorProxy>>;
let db: Db;
let bot: Bot;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeEach(async () => {
  server = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 600 });
  await server.start();
  proxy = await startEmulatorProxy(server.config.apiURL);
  const dir = mkdtempSync(join(tmpdir(), "huanbao-emulator-"));
  db = await openDb({ sqlitePath: join(dir, "test.sqlite") });
  await seedDistrict(db, "telegram", {
    accounts: { 张三: String(INSPECTOR.userId), 赵六: String(DIRECTOR.userId) },
    group: { id: String(GROUP), title: "古荥镇环保群" },
  });
  bot = createBot({
    db,
    dataDir: dir,
    clock: fixedClock("2017-03-01T02:00:00.000Z"),
    log: silentLog,
    settings: { campaignYear: 2017, botName: "整治助手" },
    outboxPollMs: 60_000,
  });
  await bot.start([
    createTelegramPlatform({ token: TOKEN, apiRoot: proxy.url, mode: "polling" }, { logger: silentLog }),
  ]);
});

afterEach(async () => {
  await bot.stop();
  await proxy.close();
  await server.stop();
  await db.destroy();
});

/** What the bot sent to a chat, as the emulator stored it. */
const sentTo = (chatId: number) =>
  server.storage.botMessages
    .filter((m) => String((m.message as { chat_id?: unknown }).chat_id) === String(chatId))
    .map((m) => String((m.message as { text?: unknown }).text ?? ""));

async function say(client: ReturnType<TelegramServer["getClient"]>, chatId: number, text: string) {
  const before = sentTo(chatId).length;
  await client.sendMessage(client.makeMessage(text));
  for (let i = 0; i < 500 && sentTo(chatId).length === before; i++)
    await new Promise((r) => setTimeout(r, 10));
  await bot.settle();
  return sentTo(chatId).slice(before).join("\n");
}

test("a conversation in a group and a private chat, through the emulator", async () => {
  const inspector = server.getClient(TOKEN, {
    ...INSPECTOR,
    chatId: GROUP,
    type: "supergroup",
    chatTitle: "古荥镇环保群",
  });
  const director = server.getClient(TOKEN, { ...DIRECTOR, chatId: DIRECTOR.userId, type: "private" });

  expect(await say(inspector, GROUP, REPORT)).toContain("✅ 已上报 GY-0001");
  expect(await say(inspector, GROUP, "进展 GY-0001 正在拆除")).toContain("待整治 → 正在拆除");
  expect(await say(director, DIRECTOR.userId, "查询 GY-0001")).toContain("正在拆除");
  expect(await say(director, DIRECTOR.userId, "进展 GY-0001 拆除到位")).toContain("「进展」仅限");
  expect(await say(inspector, GROUP, "/query GY-0001")).toContain("黄河塑料加工厂");
});

test("messages sent while the bot is busy are each answered once, in order", async () => {
  const inspector = server.getClient(TOKEN, { ...INSPECTOR, chatId: GROUP, type: "supergroup" });
  await say(inspector, GROUP, REPORT);
  const before = sentTo(GROUP).length;
  const texts = ["进展 GY-0001 正在拆除", "查询 GY-0001", "我的"];
  for (const t of texts) await inspector.sendMessage(inspector.makeMessage(t));
  for (let i = 0; i < 500 && sentTo(GROUP).length < before + 3; i++)
    await new Promise((r) => setTimeout(r, 10));
  await bot.settle();
  const replies = sentTo(GROUP).slice(before);
  expect(replies).toHaveLength(3);
  expect(replies[0]).toContain("待整治 → 正在拆除");
  expect(replies[1]).toContain("黄河塑料加工厂");
  expect(replies[2]).toContain("GY-0001");
});

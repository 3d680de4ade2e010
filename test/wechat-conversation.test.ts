import type { EventEmitter } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import { types } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import { createWechatPlatform, type WechatPlatform } from "../bot/platforms/wechat/wechat-platform.js";
import { type Db, openDb } from "../storage/db.js";
import { createRepos } from "../storage/repos.js";
import { REPORT as SHARED_REPORT, seedDistrict } from "./helpers/test-bot.js";

const log = pino({ level: "silent" });
// The shared report, addressed the way this platform addresses the bot.
const REPORT = SHARED_REPORT.replace(/^上报/, "@整治助手\u2005上报");

const clock = fixedClock("2017-03-01T02:00:00.000Z");
let db: Db;
let bot: Bot;
let wechat: WechatPlatform;
let mocker: mock.Mocker;
let self: mock.ContactMock;
let zhang: mock.ContactMock;
let room: mock.RoomMock;
let botSaid: string[];

beforeEach(async () => {
  clock.set("2017-03-01T02:00:00.000Z");
  botSaid = [];
  mocker = new mock.Mocker();
  const dir = mkdtempSync(join(tmpdir(), "huanbao-wechat-"));
  db = await openDb({ sqlitePath: join(dir, "test.sqlite") });
  bot = createBot({
    db,
    dataDir: dir,
    clock,
    log,
    settings: { campaignYear: 2017, botName: "整治助手" },
    outboxPollMs: 60_000,
  });
  wechat = createWechatPlatform(
    { name: "huanbao-conversation", puppetInstance: new PuppetMock({ mocker }) },
    { logger: log, clock: () => clock.now() },
  );
  await bot.start([wechat]);
  self = mocker.createContact({ name: "整治助手" });
  mocker.login(self);
  zhang = mocker.createContact({ name: "张三" });
  room = mocker.createRoom({ topic: "古荥镇环保群", memberIdList: [self.id, zhang.id] });
  (room as unknown as EventEmitter).on("message", (m: mock.MessageMock) => {
    if (m.talker().id === self.id && m.type() === types.Message.Text) botSaid.push(m.text() ?? "");
  });
  // What an admin does with 登记 and 绑定: 张三 known by his WeChat id, the room bound to 古荥镇.
  await seedDistrict(db, "wechat", {
    accounts: { 张三: zhang.id },
    group: { id: room.id, title: "古荥镇环保群" },
  });
  for (let i = 0; i < 100 && !wechat.wechaty?.isLoggedIn; i++) await new Promise((r) => setTimeout(r, 10));
});

afterEach(async () => {
  await bot.stop();
  await db.destroy();
});

/** 张三 says something in the room; returns what the bot said back there. */
async function say(something: string): Promise<string> {
  const before = botSaid.length;
  zhang.say(something).to(room);
  for (let i = 0; i < 200 && botSaid.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  await bot.settle();
  return botSaid.slice(before).join("\n");
}

// The plain conversation (photo, 进展, a refusal) is test/conversation-wechat.test.ts; this one holds it
// with the bot @-mentioned, as people do in a room.
test("@bot 上报 → @bot 查询 → 销号 refused, all through wechaty", async () => {
  let reply = await say(REPORT);
  expect(reply).toContain("✅ 已上报 GY-0001");

  reply = await say("@整治助手\u2005查询 GY-0001");
  expect(reply).toContain("黄河塑料加工厂");
  expect(reply).toContain("待整治");

  reply = await say("销号 GY-0001");
  expect(reply).toContain("「销号」仅限区督查、镇（办）管理员使用");

  expect((await createRepos(db).enterprises.byCaseNo("GY-0001"))?.state).toBe("待整治");
});

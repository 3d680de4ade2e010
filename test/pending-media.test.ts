import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import type { Platform } from "../bot/platform.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { createWecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import type { Db } from "../storage/db.js";
import { type FakeTelegram, startFakeTelegram } from "./fakes/fake-telegram.js";
import { groupPhoto, groupText, ids } from "./fakes/fake-telegram-updates.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";
import { createCallbackSender } from "./fakes/fake-wecom-callback.js";
import { startFakeAibotWs } from "./fakes/fake-wecom-ws.js";
import { TEST_APP as APP } from "./fakes/wecom-test-apps.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg } from "./helpers/photos.js";
import { REPORT, seedDistrict, silentLog } from "./helpers/test-bot.js";
import { waitUntil } from "./helpers/wait-until.js";

const FILED = "📷 照片已存入【GY-0001】";
const NOT_RECEIVED = "未能接收";

/**
 * A photo whose download fails when it arrives is kept with its message in storage and fetched
 * again by whichever bot runs, across a stop and a start on the same database: it ends up in the
 * case file once, or — its platform's reference expired — its sender is told once.
 */
describe.each(ENGINES)("inbound photos kept pending across restarts (%s)", (engine) => {
  const clock = fixedClock("2017-03-01T02:00:00.000Z");
  let fresh: Awaited<ReturnType<typeof freshDb>>;
  let db: Db;
  let bot: Bot;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    clock.set("2017-03-01T02:00:00.000Z");
    fresh = await freshDb(engine);
    db = fresh.db;
  });
  afterEach(async () => {
    await bot.stop();
    for (const close of closers.splice(0)) await close();
    await db.destroy();
  });

  async function startBot(platform: Platform): Promise<void> {
    bot = createBot({
      db,
      dataDir: fresh.dir,
      clock,
      log: silentLog,
      settings: { campaignYear: 2017, botName: "整治助手" },
      outboxPollMs: 60_000,
      // Looks for due fetches often; what is due is decided by the test's clock.
      mediaPollMs: 20,
    });
    await bot.start([platform]);
  }

  /** The bot stopped, the database closed and opened again, a new bot and platform started on it. */
  async function restart(platform: () => Platform, meanwhile?: () => void): Promise<void> {
    await bot.stop();
    await db.destroy();
    meanwhile?.();
    db = await fresh.reopen();
    await startBot(platform());
  }

  const photosOnFile = async () => Number((await db("enterprise_photos").count({ n: "*" }).first())?.n ?? 0);

  describe("Telegram (polling)", () => {
    let tg: FakeTelegram;
    const telegram = () =>
      createTelegramPlatform(
        { token: tg.token, apiRoot: tg.apiRoot, mode: "polling" },
        {
          logger: silentLog,
          clock: () => clock.now(),
          pollingSleep: () => new Promise((r) => setTimeout(r, 5)),
        },
      );
    const texts = () =>
      tg.sent.filter((s) => s.chatId === String(ids.townGroup)).map((s) => s.visibleText ?? "");
    const getFiles = () => tg.calls.filter((c) => c.method === "getFile").length;

    beforeEach(async () => {
      tg = await startFakeTelegram();
      closers.push(() => tg.close());
      await seedDistrict(db, "telegram", {
        accounts: { 张三: String(ids.inspector) },
        group: { id: String(ids.townGroup), title: "古荥镇环保群" },
      });
      await startBot(telegram());
      tg.pushUpdate(groupText(REPORT, 301));
      await waitUntil(() => texts().some((t) => t.includes("已上报 GY-0001")));
    });

    test("getFile failing for 10 minutes, the bot stopped and started meanwhile: the photo ends up in the case file once", async () => {
      tg.setFileOutage(true);
      const id = tg.addFile(await jpeg(1));
      tg.pushUpdate(groupPhoto([id, id, id], undefined, 302));
      await waitUntil(() => getFiles() >= 2);
      // Six minutes on, still failing: tried again, and the sender not told (the file id still works).
      clock.advance(6 * 60_000);
      const before = getFiles();
      await waitUntil(() => getFiles() > before);
      await bot.settle();
      expect(texts().some((t) => t.includes(NOT_RECEIVED))).toBe(false);

      await restart(telegram, () => tg.setFileOutage(false));
      clock.advance(4 * 60_000);
      await waitUntil(() => texts().some((t) => t.includes(FILED)));
      await bot.settle();

      expect(texts().filter((t) => t.includes(FILED))).toHaveLength(1);
      expect(texts().some((t) => t.includes(NOT_RECEIVED))).toBe(false);
      expect(await photosOnFile()).toBe(1);
    });
  });

  describe("WeCom self-built app", () => {
    let fake: FakeWecom;
    let platform: ReturnType<typeof createWecomPlatform>;
    let msgId = 5000;
    const wecom = () => {
      platform = createWecomPlatform(
        { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, app: APP, robots: {} },
        { logger: silentLog, sleep: async () => {}, stopGraceMs: 100, now: () => clock.now().getTime() },
      );
      return platform;
    };
    const post = (body: string) =>
      createCallbackSender({
        url: `http://127.0.0.1:${platform.address()?.port}${APP.path}`,
        token: APP.token,
        encodingAesKey: APP.aesKey,
        receiveId: APP.corpId,
        timeoutMs: 3000,
      }).postAppXml(
        `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[张三]]></FromUserName><CreateTime>1488333600</CreateTime>${body}<MsgId>${++msgId}</MsgId><AgentID>1000002</AgentID></xml>`,
      );
    const shown = () =>
      fake
        .shown()
        .filter((s) => s.touser === "张三" && s.msgtype === "text")
        .map((s) => String((JSON.parse(s.content) as { content?: string }).content));
    const mediaGets = () => fake.calls("/cgi-bin/media/get").length;

    beforeEach(async () => {
      fake = await startFakeWecom({ corpId: APP.corpId, secret: APP.secret, agentId: APP.agentId });
      closers.push(() => fake.close());
      await seedDistrict(db, "wecom");
      await startBot(wecom());
      await post(`<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${REPORT}]]></Content>`);
      await waitUntil(() => shown().some((t) => t.includes("已上报 GY-0001")));
    });

    const sendPhoto = async () => {
      const mediaId = fake.addMedia(await jpeg(2));
      await post(`<MsgType><![CDATA[image]]></MsgType><MediaId><![CDATA[${mediaId}]]></MediaId>`);
    };

    test("media/get down when the photo came, the bot stopped and started again: the photo ends up in the case file once", async () => {
      fake.setPathOutage("/cgi-bin/media/get", "http500");
      await sendPhoto();
      await bot.settle();
      expect(shown().some((t) => t.includes(NOT_RECEIVED))).toBe(false);

      await restart(wecom, () => fake.setPathOutage("/cgi-bin/media/get", null));
      clock.advance(60_000);
      await waitUntil(() => shown().some((t) => t.includes(FILED)));
      await bot.settle();

      expect(shown().filter((t) => t.includes(FILED))).toHaveLength(1);
      expect(shown().some((t) => t.includes(NOT_RECEIVED))).toBe(false);
      expect(await photosOnFile()).toBe(1);
    });

    test("media/get down for longer than the media id lasts (3 days): the sender is told once, after it expired", async () => {
      fake.setPathOutage("/cgi-bin/media/get", "http500");
      await sendPhoto();
      await bot.settle();
      await restart(wecom);

      // A day on: tried again, still down, nobody told yet — the media id still works.
      clock.advance(24 * 3_600_000);
      const before = mediaGets();
      await waitUntil(() => mediaGets() > before);
      await bot.settle();
      expect(shown().some((t) => t.includes(NOT_RECEIVED))).toBe(false);

      clock.advance(2 * 24 * 3_600_000 + 60_000);
      await waitUntil(() => shown().some((t) => t.includes(NOT_RECEIVED)));
      await bot.settle();
      // Told once, naming when the photo was sent; a restart does not tell again.
      await restart(wecom);
      clock.advance(24 * 3_600_000);
      await bot.settle();

      const told = shown().filter((t) => t.includes(NOT_RECEIVED));
      expect(told).toEqual(["您3月1日 10:00发送的图片或文件未能接收，请重新发送一次。"]);
      expect(await photosOnFile()).toBe(0);
      // Nothing left to fetch: no later start tries (or tells) again.
      expect(
        await db("inbound_messages").where({ status: "awaiting_media" }).count({ n: "*" }).first(),
      ).toEqual({
        n: engine === "postgres" ? "0" : 0,
      });
    });
  });

  describe("WeCom AI bot, long connection", () => {
    const BOT = { botId: "aibPENDING", secret: "long-connection-secret" };
    const AESKEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    let fake: FakeWecom;
    let ws: Awaited<ReturnType<typeof startFakeAibotWs>>;
    const aibot = () =>
      createWecomPlatform(
        { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, robots: {}, aibotWs: { ...BOT, url: ws.url } },
        { logger: silentLog, now: () => clock.now().getTime(), wsReconnectMs: 20 },
      );
    const shown = () =>
      ws
        .shown()
        .filter((m) => m.chatid === "张三")
        .map((m) => m.content);
    let msgId = 0;
    const say = (msgtype: string, content: Record<string, unknown>) =>
      ws.push({ msgid: `m${++msgId}`, chattype: "single", from: { userid: "张三" }, msgtype, ...content });

    beforeEach(async () => {
      fake = await startFakeWecom({
        corpId: "ww1",
        secret: "s",
        agentId: 1,
        now: () => clock.now().getTime(),
      });
      ws = await startFakeAibotWs({ ...BOT, now: () => clock.now().getTime() });
      closers.push(
        () => ws.close(),
        () => fake.close(),
      );
      await seedDistrict(db, "wecom");
      await startBot(aibot());
      say("text", { text: { content: REPORT } });
      await waitUntil(() => shown().some((t) => t.includes("已上报 GY-0001")));
    });

    test("the image URL failing, the bot stopped and started within its 5 minutes: the photo ends up in the case file once", async () => {
      fake.failAibotMedia(1000);
      const url = fake.addAibotMedia(await jpeg(3), AESKEY);
      say("image", { image: { url, aeskey: AESKEY } });
      await waitUntil(() => fake.calls(new URL(url).pathname).length >= 2);
      await bot.settle();

      await restart(aibot, () => fake.failAibotMedia(0));
      clock.advance(2 * 60_000);
      await waitUntil(() => shown().some((t) => t.includes(FILED)));
      await bot.settle();

      expect(shown().filter((t) => t.includes(FILED))).toHaveLength(1);
      expect(shown().some((t) => t.includes(NOT_RECEIVED))).toBe(false);
      expect(await photosOnFile()).toBe(1);
    });
  });
});

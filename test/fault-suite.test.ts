import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { createWecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import type { Db } from "../storage/db.js";
import { startFakeTelegram } from "./fakes/fake-telegram.js";
import { groupText, ids } from "./fakes/fake-telegram-updates.js";
import { startFakeWecom } from "./fakes/fake-wecom.js";
import { type CallbackSender, createCallbackSender } from "./fakes/fake-wecom-callback.js";
import { TEST_APP as APP } from "./fakes/wecom-test-apps.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { REPORT, seedDistrict, silentLog } from "./helpers/test-bot.js";

/**
 * One conversation through each platform's fake, once as it should go and once with faults injected on a
 * fake clock: a rate limit with retry-after (Telegram 429, WeCom 45009), an outage of minutes (connections
 * reset), sends lost on the way until the call times out, and a kill and restart in the middle. What each
 * chat shows in the end must be what it shows without faults: every reply, each part once, in order; and
 * a chat whose sends are lost or limited does not hold up the other's answers.
 */
type Chat = "A" | "B";
type Fault = "limit" | "outage" | "outage over" | "lost sends" | "lost sends over" | "kill and restart";
/** `answeredAtOnce`: the chat's last message was answered before the clock moved (no chat held up by another). */
type Step = { say: [Chat, string] } | { wait: number } | { fault: Fault } | { answeredAtOnce: Chat };

/** A platform's fake and the bot on it, restartable on the same database. */
interface FaultDriver {
  start(): Promise<void>;
  /** A message from the person who speaks in `chat`, stored and handled (its replies queued). */
  say(chat: Chat, text: string): Promise<void>;
  /** What the chat shows of the bot's messages, in order (as a member sees them). */
  seen(chat: Chat): string[];
  fault(fault: Fault): Promise<void>;
  bot(): Bot;
  stop(): Promise<void>;
}

const CONVERSATION: Step[] = [
  { say: ["A", "帮助"] },
  { say: ["B", "帮助"] },
  { say: ["A", REPORT] },
  { fault: "limit" },
  { say: ["A", "进展 GY-0001 正在拆除"] },
  { say: ["B", "查询 GY-0001"] },
  { answeredAtOnce: "B" },
  { wait: 30_000 },
  { fault: "lost sends" },
  { say: ["B", "进度"] },
  { say: ["A", "查询 GY-0001"] },
  { answeredAtOnce: "A" },
  { fault: "outage" },
  { say: ["A", "逾期"] },
  { say: ["B", "查询 黄河"] },
  { wait: 6 * 60_000 },
  { fault: "kill and restart" },
  { say: ["A", "我的"] },
  { fault: "lost sends over" },
  { wait: 60_000 },
  { fault: "outage over" },
  { say: ["B", "逾期"] },
];

async function run(
  engine: "sqlite" | "postgres",
  make: (db: Db, dir: string, clock: ReturnType<typeof fixedClock>) => Promise<FaultDriver>,
  withFaults: boolean,
): Promise<{ A: string[]; B: string[] }> {
  const clock = fixedClock("2017-03-01T02:00:00.000Z");
  const fresh = await freshDb(engine);
  const d = await make(fresh.db, fresh.dir, clock);
  cleanup.push(async () => {
    await d.stop();
    await fresh.db.destroy();
  });
  await d.start();
  // Time moves in steps; each step, whatever is due goes out.
  const wait = async (ms: number) => {
    for (let t = 0; t < ms; t += 10_000) {
      clock.advance(10_000);
      await d.bot().outbox.drain();
    }
  };
  const before: Record<Chat, number> = { A: 0, B: 0 };
  for (const step of CONVERSATION) {
    if ("say" in step) {
      before[step.say[0]] = d.seen(step.say[0]).length;
      await d.say(...step.say);
    } else if ("answeredAtOnce" in step) {
      expect(d.seen(step.answeredAtOnce).length, `${step.answeredAtOnce} held up`).toBeGreaterThan(
        before[step.answeredAtOnce],
      );
    } else if ("wait" in step) await wait(step.wait);
    else if (withFaults || step.fault === "kill and restart") await d.fault(step.fault);
  }
  // Rounds until nothing is left to send (each retry's wait is under the 5-minute cap).
  for (
    let i = 0;
    i < 60 && (await fresh.db("outbox").whereIn("status", ["pending", "sending"])).length;
    i++
  ) {
    await wait(10_000);
  }
  return { A: d.seen("A"), B: d.seen("B") };
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const newBot = (db: Db, dir: string, clock: ReturnType<typeof fixedClock>) =>
  createBot({
    db,
    dataDir: dir,
    clock,
    log: silentLog,
    settings: { campaignYear: 2017, botName: "整治助手" },
    outboxPollMs: 3_600_000,
  });

/** Telegram: the town group (张三) and 赵六's private chat, telegraf long polling against the fake Bot API. */
async function telegramDriver(
  db: Db,
  dir: string,
  clock: ReturnType<typeof fixedClock>,
): Promise<FaultDriver> {
  const DIRECTOR = { id: 5087654321, is_bot: false as const, first_name: "六", last_name: "赵" };
  const chats: Record<Chat, string> = { A: String(ids.townGroup), B: String(DIRECTOR.id) };
  const fake = await startFakeTelegram();
  await seedDistrict(db, "telegram", {
    accounts: { 张三: String(ids.inspector), 赵六: String(DIRECTOR.id) },
    group: { id: chats.A, title: "古荥镇环保群" },
  });
  let bot: Bot | undefined;
  let release: (() => void) | undefined;
  let messageId = 500;
  const start = async () => {
    bot = newBot(db, dir, clock);
    const telegram = createTelegramPlatform(
      { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
      // A lost send is given up after 2 s; shorter, a loaded machine times out sends that did arrive
      // (Telegram has no deduplication: that would show a reply twice).
      { logger: silentLog, clock: () => clock.now(), callTimeoutMs: 2000 },
    );
    await bot.start([telegram]);
  };
  return {
    start,
    async say(chat, text) {
      const update = groupText(text, messageId++);
      if (chat === "B") {
        update.message.from = { ...DIRECTOR };
        update.message.chat = {
          id: DIRECTOR.id,
          first_name: "六",
          type: "private",
        } as typeof update.message.chat;
      }
      fake.pushUpdate(update);
      for (let i = 0; i < 500 && fake.unconfirmed() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      await bot?.settle();
    },
    seen: (chat) => fake.sent.filter((s) => s.chatId === chats[chat]).map((s) => s.visibleText ?? ""),
    async fault(fault) {
      if (fault === "limit")
        fake.failNext(
          "sendMessage",
          {
            error_code: 429,
            description: "Too Many Requests: retry after 30",
            parameters: { retry_after: 30 },
          },
          chats.A,
        );
      else if (fault === "lost sends") release = fake.stall("sendMessage", chats.B);
      else if (fault === "lost sends over") release?.();
      else if (fault === "outage") fake.setOutage("reset");
      else if (fault === "outage over") fake.setOutage(null);
      else {
        await bot?.stop();
        await start();
      }
    },
    bot: () => bot!,
    async stop() {
      release?.();
      await bot?.stop();
      await fake.close();
    },
  };
}

/** WeCom's self-built app: signed callbacks in, message/send out; 张三 and 赵六 each in their own chat. */
async function wecomDriver(db: Db, dir: string, clock: ReturnType<typeof fixedClock>): Promise<FaultDriver> {
  const users: Record<Chat, string> = { A: "zhangsan", B: "zhaoliu" };
  const fake = await startFakeWecom({ corpId: APP.corpId, secret: APP.secret, agentId: APP.agentId });
  await seedDistrict(db, "wecom", { accounts: { 张三: users.A, 赵六: users.B }, group: null });
  let bot: Bot | undefined;
  let sender: CallbackSender | undefined;
  let msgId = 9000;
  const start = async () => {
    bot = newBot(db, dir, clock);
    const platform = createWecomPlatform(
      { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, app: APP, robots: {} },
      { logger: silentLog, sleep: async () => {}, stopGraceMs: 100, now: () => Date.now() },
    );
    await bot.start([platform]);
    sender = createCallbackSender({
      url: `http://127.0.0.1:${platform.address()?.port}${APP.path}`,
      token: APP.token,
      encodingAesKey: APP.aesKey,
      receiveId: APP.corpId,
      timeoutMs: 3000,
    });
  };
  return {
    start,
    async say(chat, text) {
      const xml = `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${users[chat]}]]></FromUserName><CreateTime>${Math.floor(clock.now().getTime() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${++msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
      if (!(await sender!.postAppXml(xml)).acked) throw new Error("callback not acknowledged");
      await bot?.settle();
    },
    seen: (chat) =>
      fake
        .shown()
        .filter((s) => s.touser === users[chat])
        .map((s) => s.content),
    async fault(fault) {
      // 45009: the app's frequency limit (WeCom holds the whole app); -1: busy.
      if (fault === "limit") fake.injectErrors("/cgi-bin/message/send", [45009, -1, -1, -1]);
      else if (fault === "outage") fake.setOutage("close");
      else if (fault === "outage over") fake.setOutage(null);
      else if (fault === "kill and restart") {
        await bot?.stop();
        await start();
      }
      // Lost sends: the fake WeCom API cannot hold a request without answering (not modelled).
    },
    bot: () => bot!,
    async stop() {
      await bot?.stop();
      await fake.close();
    },
  };
}

describe.each(ENGINES)("the fault suite (%s)", (engine) => {
  test.each([
    ["Telegram", telegramDriver],
    ["WeCom app", wecomDriver],
  ] as const)(
    "%s: every reply, each part once, in order per chat, through faults",
    async (_, make) => {
      const expected = await run(engine, make, false);
      expect(expected.A.length).toBeGreaterThanOrEqual(6);
      expect(expected.B.length).toBeGreaterThanOrEqual(4);
      const got = await run(engine, make, true);
      expect(got.A).toEqual(expected.A);
      expect(got.B).toEqual(expected.B);
    },
    120_000,
  );
});

import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { type Bot, createBot } from "../bot/create-bot.js";
import { createWecomPlatform, type WecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { createRepos } from "../storage/repos.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";
import { type CallbackSender, createCallbackSender } from "./fakes/fake-wecom-callback.js";
import { TEST_AIBOT as AIBOT, TEST_APP as APP } from "./fakes/wecom-test-apps.js";
import { messyLedger } from "./fixtures/ledgers/messy-ledger.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { REPORT, seedDistrict, silentLog } from "./helpers/test-bot.js";

const GROUP = "wrGuxingGroup01";

describe.each(ENGINES)("WeCom end to end: callback → core → WeCom API (%s)", (engine) => {
  let fake: FakeWecom;
  let platform: WecomPlatform;
  let bot: Bot;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];
  let app: CallbackSender;
  let aibot: CallbackSender;
  const clock = fixedClock("2017-03-01T02:00:00.000Z");
  let msgSeq = 1000;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    // WeCom UserIDs of the test district are the people's names.
    await seedDistrict(db, "wecom");
    const repos = createRepos(db);
    const group = await repos.chats.ensure("wecom", `aibot:${GROUP}`, "group", "古荥镇工作群");
    const gy = (await repos.towns.list()).find((t) => t.name === "古荥镇");
    await repos.chats.bind(group.id, "town", gy!.id);

    fake = await startFakeWecom({ corpId: APP.corpId, secret: APP.secret, agentId: APP.agentId });
    platform = createWecomPlatform(
      { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, app: APP, aibot: AIBOT, robots: {} },
      { logger: silentLog, sleep: async () => {}, stopGraceMs: 100, now: () => Date.now() },
    );
    bot = createBot({
      db,
      dataDir: fresh.dir,
      clock,
      log: silentLog,
      settings: { campaignYear: 2017, botName: "整治助手" },
      outboxPollMs: 60_000,
    });
    await bot.start([platform]);
    const base = `http://127.0.0.1:${platform.address()?.port}`;
    app = createCallbackSender({
      url: `${base}${APP.path}`,
      token: APP.token,
      encodingAesKey: APP.aesKey,
      receiveId: APP.corpId,
      timeoutMs: 3000,
    });
    aibot = createCallbackSender({
      url: `${base}${AIBOT.path}`,
      token: AIBOT.token,
      encodingAesKey: AIBOT.aesKey,
      receiveId: "",
      timeoutMs: 3000,
    });
  });
  afterEach(async () => {
    await bot.stop();
    await fake.close();
    await db.destroy();
  });

  const lastTo = (user: string) => {
    const sends = fake.calls("/cgi-bin/message/send").filter((r) => r.json?.touser === user);
    return (sends.at(-1)?.json?.text as { content?: string } | undefined)?.content ?? "";
  };
  const envelope = (user: string, body: string, msgId: string) =>
    `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${user}]]></FromUserName><CreateTime>${Math.floor(clock.now().getTime() / 1000)}</CreateTime>${body}<MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
  const sayPrivately = async (user: string, text: string, msgId = String(++msgSeq)) => {
    const delivery = await app.postAppXml(
      envelope(user, `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content>`, msgId),
    );
    expect(delivery.acked).toBe(true);
    await bot.settle();
    return lastTo(user);
  };

  // Report → photo → progress → query → refusal privately in the app is test/conversation-wecom.test.ts.
  test("report → progress privately in the app (redelivered once), then a query in the AI bot group", async () => {
    let reply = await sayPrivately("张三", REPORT);
    expect(reply).toContain("✅ 已上报 GY-0001");
    expect(reply).toContain("【GY-0001】黄河塑料加工厂");

    reply = await sayPrivately("张三", "进展 GY-0001 正在拆除");
    expect(reply).toContain("待整治 → 正在拆除");

    const before = fake.calls("/cgi-bin/message/send").length;
    await sayPrivately("张三", "进展 GY-0001 正在拆除", String(msgSeq)); // WeCom redelivers the same MsgId
    expect(fake.calls("/cgi-bin/message/send")).toHaveLength(before);

    const delivery = await aibot.postAibotJson({
      msgid: "aibot-q-1",
      aibotid: "AIBOT",
      chatid: GROUP,
      chattype: "group",
      from: { userid: "李四" },
      response_url: fake.responseUrl(),
      msgtype: "text",
      text: { content: "@整治助手 查询 GY-0001" },
    });
    expect(delivery.acked).toBe(true);
    await bot.settle();
    const answer = (
      fake.calls("/cgi-bin/aibot/response")[0]?.json?.markdown as { content?: string } | undefined
    )?.content;
    expect(answer).toContain("【GY-0001】黄河塑料加工厂");
    expect(answer).toContain("正在拆除");
  });

  // A group's @ of the robot may stand at the end of the question (or in it), under whatever name the
  // robot has in WeCom: the one mention in a message the AI bot was sent is the robot's.
  test("a question in an AI bot group with the robot's @ at its end is read without it", async () => {
    await sayPrivately("张三", REPORT);
    const delivery = await aibot.postAibotJson({
      msgid: "aibot-q-end",
      aibotid: "AIBOT",
      chatid: GROUP,
      chattype: "group",
      from: { userid: "李四" },
      response_url: fake.responseUrl(),
      msgtype: "text",
      text: { content: "古荥有多少家没整改完的？ @环保小助手" },
    });
    expect(delivery.acked).toBe(true);
    await bot.settle();
    const answer = (
      fake.calls("/cgi-bin/aibot/response")[0]?.json?.markdown as { content?: string } | undefined
    )?.content;
    expect(answer).toContain("我理解为：古荥镇 · 未完成 · 数量");
    expect(answer).toContain("古荥镇未完成：1 家");
  });

  // Issue 13: a town admin can deliver a ledger through WeCom; files reach the bot in the AI bot's
  // single chat (no file name comes with them) — and a file the app callback might carry is fetched too.
  test("a ledger sent as a file in the AI bot's single chat (no name, encrypted) is imported", async () => {
    const url = fake.addAibotMedia(await messyLedger(), AIBOT.aesKey);
    const delivery = await aibot.postAibotJson({
      msgid: "aibot-file-1",
      aibotid: "AIBOT",
      chattype: "single",
      from: { userid: "李四" },
      response_url: fake.responseUrl(),
      msgtype: "file",
      file: { url },
    });
    expect(delivery.acked).toBe(true);
    await bot.settle();
    const answer = (
      fake.calls("/cgi-bin/aibot/response")[0]?.json?.markdown as { content?: string } | undefined
    )?.content;
    expect(answer).toContain("台账导入完成：新建 6 家");
  });

  test("a file message on the app callback is fetched with media/get and imported", async () => {
    const mediaId = fake.addMedia(
      await messyLedger(),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const delivery = await app.postAppXml(
      envelope(
        "李四",
        `<MsgType><![CDATA[file]]></MsgType><MediaId><![CDATA[${mediaId}]]></MediaId>`,
        "4001",
      ),
    );
    expect(delivery.acked).toBe(true);
    await bot.settle();
    expect(lastTo("李四")).toContain("台账导入完成：新建 6 家");
  });

  test("WeCom down while replying: the outbox keeps the reply and sends it when WeCom is back", async () => {
    fake.setOutage("http500");
    const delivery = await app.postAppXml(
      envelope("张三", "<MsgType>text</MsgType><Content>帮助</Content>", "3001"),
    );
    expect(delivery.acked).toBe(true);
    await bot.settle();
    expect(lastTo("张三")).toBe("");
    fake.setOutage(null);
    clock.advance(10 * 60_000);
    await bot.outbox.drain();
    expect(lastTo("张三")).not.toBe("");
  });
});

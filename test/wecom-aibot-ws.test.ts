import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import { createWecomPlatform, type WecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";
import { startFakeAibotWs } from "./fakes/fake-wecom-ws.js";

const BOT = { botId: "aibBOT01", secret: "long-connection-secret" };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 9)]);

let ws: Awaited<ReturnType<typeof startFakeAibotWs>>;
let fake: FakeWecom;
let platform: WecomPlatform;
let received: InboundMessage[];

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};
const make = (secret = BOT.secret) =>
  createWecomPlatform(
    {
      apiBase: fake.baseUrl,
      host: "127.0.0.1",
      port: 0,
      robots: {},
      aibotWs: { ...BOT, secret, url: ws.url },
    },
    { logger: pino({ level: "silent" }), wsReconnectMs: 20 },
  );

beforeEach(async () => {
  ws = await startFakeAibotWs(BOT);
  fake = await startFakeWecom({ corpId: "ww1", secret: "s", agentId: 1 });
  received = [];
  platform = make();
  await platform.start(async (m) => {
    received.push(m);
  });
});
afterEach(async () => {
  await platform.stop();
  await ws.close();
  await fake.close();
});

describe("AI bot long connection", () => {
  test("subscribes with BotID + Secret and starts no HTTP server", () => {
    expect(ws.received[0]).toMatchObject({
      cmd: "aibot_subscribe",
      body: { bot_id: BOT.botId, secret: BOT.secret },
    });
    expect(platform.address()).toBeUndefined();
  });

  test("a group message reaches onMessage; the answer goes back with aibot_send_msg", async () => {
    ws.push({
      msgid: "w1",
      aibotid: BOT.botId,
      chatid: "wrGroup9",
      chattype: "group",
      from: { userid: "lisi" },
      msgtype: "text",
      text: { content: "@整治助手 逾期" },
    });
    await waitFor(() => received.length === 1);
    expect(received[0]).toMatchObject({ chat: { id: "aibot:wrGroup9", kind: "group" }, text: "逾期" });
    await platform.send(
      { platform: "wecom", chatId: "aibot:wrGroup9" },
      { kind: "text", text: "全区暂无逾期案件" },
    );
    expect(ws.received.at(-1)).toMatchObject({
      cmd: "aibot_send_msg",
      body: { chatid: "wrGroup9", msgtype: "markdown", markdown: { content: "全区暂无逾期案件" } },
    });
  });

  test("a single-chat image is downloaded and decrypted with its own aeskey", async () => {
    const aeskey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    const url = fake.addAibotMedia(PNG, aeskey);
    ws.push({
      msgid: "w2",
      chattype: "single",
      from: { userid: "wangwu" },
      msgtype: "image",
      image: { url, aeskey },
    });
    await waitFor(() => received.length === 1);
    expect(received[0]?.media?.bytes.equals(PNG)).toBe(true);
  });

  test("a file over the connection is decrypted with its own file.aeskey (issue 13)", async () => {
    const aeskey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    const xlsx = Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(300, 7)]);
    const url = fake.addAibotMedia(xlsx, aeskey);
    ws.push({
      msgid: "wf1",
      chattype: "single",
      from: { userid: "lisi" },
      msgtype: "file",
      file: { url, aeskey },
    });
    await waitFor(() => received.length === 1);
    expect(received[0]).toMatchObject({ kind: "file", chat: { id: "aibot-user:lisi" } });
    expect(received[0]?.media?.bytes.equals(xlsx)).toBe(true);
  });

  test("a dropped connection: sends fail retryably, then the client reconnects and sends again", async () => {
    ws.push({
      msgid: "w3",
      chatid: "wrG",
      chattype: "group",
      from: { userid: "u" },
      msgtype: "text",
      text: { content: "x" },
    });
    await waitFor(() => received.length === 1);
    ws.drop();
    await waitFor(() => !ws.connected);
    await expect(
      platform.send({ platform: "wecom", chatId: "aibot:wrG" }, { kind: "text", text: "稍后" }),
    ).rejects.toBeInstanceOf(PlatformRequestError);
    await waitFor(() => ws.connected);
    await waitFor(() => ws.received.filter((f) => f.cmd === "aibot_subscribe").length === 2);
    // The subscribe ack travels back before the connection counts as ready.
    let sent = false;
    for (let i = 0; i < 100 && !sent; i++) {
      sent = await platform
        .send({ platform: "wecom", chatId: "aibot:wrG" }, { kind: "text", text: "稍后" })
        .then(
          () => true,
          () => new Promise<boolean>((r) => setTimeout(() => r(false), 10)),
        );
    }
    expect(sent).toBe(true);
    expect(ws.received.at(-1)?.cmd).toBe("aibot_send_msg");
  });

  test("a wrong secret fails start with the refusal", async () => {
    const other = make("wrong");
    await expect(other.start(async () => {})).rejects.toBeInstanceOf(PlatformRefusedError);
    await other.stop();
  });

  test("a ledger file goes out over the connection: uploaded in 512 KB chunks, then sent by media_id", async () => {
    ws.push({
      msgid: "w5",
      chatid: "wrGroup9",
      chattype: "group",
      from: { userid: "lisi" },
      msgtype: "text",
      text: { content: "台账" },
    });
    await waitFor(() => received.length === 1);
    const xlsx = Buffer.from(Array.from({ length: 1_200_000 }, (_, i) => (i * 7919) % 251));
    await platform.send(
      { platform: "wecom", chatId: "aibot:wrGroup9" },
      { kind: "file", bytes: xlsx, fileName: "古荥镇排查台账.xlsx" },
    );
    await platform.send({ platform: "wecom", chatId: "aibot:wrGroup9" }, { kind: "image", bytes: PNG });
    // Bytes compared with Buffer.equals: a deep equality over a million elements takes seconds.
    expect(
      ws.mediaSent.map(({ bytes, ...rest }) => ({
        ...rest,
        same: bytes.equals(rest.type === "file" ? xlsx : PNG),
      })),
    ).toEqual([
      { chatid: "wrGroup9", type: "file", filename: "古荥镇排查台账.xlsx", same: true },
      { chatid: "wrGroup9", type: "image", filename: "image.png", same: true },
    ]);
    const chunks = ws.received.filter((f) => f.cmd === "aibot_upload_media_chunk");
    // WeCom's client sends a small file's chunks at once (and retries each); every chunk arrives.
    expect(chunks.map((f) => f.body?.chunk_index).sort()).toEqual([0, 0, 1, 2]);
  });

  test("someone opening the single chat gets the core's greeting as the welcome reply", async () => {
    ws.enterChat("wangwu");
    await waitFor(() => received.length === 1);
    expect(received[0]).toMatchObject({
      chat: { id: "aibot-user:wangwu", kind: "private" },
      sender: { id: "wangwu" },
      kind: "event",
      event: "enter_chat",
    });
    await platform.send(
      { platform: "wecom", chatId: "aibot-user:wangwu" },
      { kind: "text", text: "您好，这里是整治助手" },
    );
    expect(ws.welcomed).toEqual([{ userid: "wangwu", content: "您好，这里是整治助手" }]);
    // The ticket is used once: a later message to someone who never wrote cannot be pushed.
    await expect(
      platform.send({ platform: "wecom", chatId: "aibot-user:wangwu" }, { kind: "text", text: "再说一次" }),
    ).rejects.toMatchObject({ code: 846607 });
  });

  test("a file over the 50 MB the connection takes is refused before anything is uploaded", async () => {
    const huge = Buffer.alloc(100 * 512 * 1024 + 1);
    await expect(
      platform.send(
        { platform: "wecom", chatId: "aibot:wrGroup9" },
        { kind: "file", bytes: huge, fileName: "x.pdf" },
      ),
    ).rejects.toMatchObject({ name: "PlatformRefusedError", code: "too_large" });
    expect(ws.received.some((f) => f.cmd.startsWith("aibot_upload_media"))).toBe(false);
  });

  test("WeCom refuses a push into a conversation that never spoke to the bot", async () => {
    await expect(
      platform.send({ platform: "wecom", chatId: "aibot:neverSpoke" }, { kind: "text", text: "x" }),
    ).rejects.toMatchObject({ code: 846607 });
  });
});

import { createServer } from "node:http";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import { createWecomCallbackHandler } from "../bot/platforms/wecom/callback-server.js";
import { createWecomCrypto } from "../bot/platforms/wecom/crypto.js";
import { createWecomPlatform, type WecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";
import { type CallbackSender, createCallbackSender } from "./fakes/fake-wecom-callback.js";
import { TEST_AIBOT as AIBOT, TEST_APP as APP } from "./fakes/wecom-test-apps.js";

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 3)]);

let fake: FakeWecom;
let platform: WecomPlatform;
let received: InboundMessage[];
let logs: string[];
let onMessage: (m: InboundMessage) => Promise<void>;
let base: string;

beforeEach(async () => {
  fake = await startFakeWecom({
    corpId: APP.corpId,
    secret: APP.secret,
    agentId: APP.agentId,
    robotKeys: ["robot-key-1"],
  });
  received = [];
  logs = [];
  onMessage = async (m) => {
    received.push(m);
  };
  platform = createWecomPlatform(
    {
      apiBase: fake.baseUrl,
      host: "127.0.0.1",
      port: 0,
      app: APP,
      aibot: AIBOT,
      robots: { "aibot:GROUP2": "robot-key-1" },
    },
    {
      logger: pino({ level: "info" }, { write: (line: string) => void logs.push(line) }),
      sleep: async () => {},
      stopGraceMs: 100,
    },
  );
  await platform.start((m) => onMessage(m));
  base = `http://127.0.0.1:${platform.address()?.port}`;
});
afterEach(async () => {
  await platform.stop();
  await fake.close();
});

const appSender = (over: Partial<Parameters<typeof createCallbackSender>[0]> = {}): CallbackSender =>
  createCallbackSender({
    url: `${base}${APP.path}`,
    token: APP.token,
    encodingAesKey: APP.aesKey,
    receiveId: APP.corpId,
    timeoutMs: 1000,
    ...over,
  });
const aibotSender = () =>
  createCallbackSender({
    url: `${base}${AIBOT.path}`,
    token: AIBOT.token,
    encodingAesKey: AIBOT.aesKey,
    receiveId: "",
    timeoutMs: 1000,
  });
const textXml = (content: string, msgId = "1456453720") =>
  `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1476422779</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

describe("URL verification (GET)", () => {
  test("answers the decrypted echo, plain, within 1 s", async () => {
    const answer = await appSender().verifyUrl("1288432023552776189");
    expect(answer).toMatchObject({ status: 200, body: "1288432023552776189" });
    expect(answer.ms).toBeLessThan(1000);
  });

  test('the AI bot endpoint verifies with receiveid ""', async () => {
    expect(await aibotSender().verifyUrl("5555")).toMatchObject({ status: 200, body: "5555" });
  });

  test("a forged echo gets 403 and no echo", async () => {
    const s = appSender({ token: "someoneElse" });
    const answer = await s.verifyUrl();
    expect(answer.status).toBe(403);
    expect(answer.body).toBe("");
  });
});

describe("message push (POST)", () => {
  test("a valid text reaches onMessage; WeCom gets 200 with an empty body", async () => {
    const delivery = await appSender().postAppXml(textXml("关于古荥镇某塑料加工厂的举报"));
    expect(delivery.acked).toBe(true);
    expect(delivery.attempts[0]?.body).toBe("");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      platform: "wecom",
      messageId: "1456453720",
      kind: "text",
      text: "关于古荥镇某塑料加工厂的举报",
      chat: { id: "user:zhangsan", kind: "private" },
      sender: { id: "zhangsan" },
    });
  });

  test.each([
    ["a bad signature", { token: "wrongToken" }],
    ["the wrong receiveid (another corp)", { receiveId: "wwotherCorp0000000" }],
    ["a different AES key", { encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C" }],
  ])("%s → 4xx, logged, not passed on", async (_, over) => {
    const delivery = await appSender({ ...over, tries: 1 }).postAppXml(textXml("伪造"));
    expect(delivery.acked).toBe(false);
    expect(delivery.attempts[0]?.status).toBeGreaterThanOrEqual(400);
    expect(delivery.attempts[0]?.status).toBeLessThan(500);
    expect(received).toHaveLength(0);
    expect(logs.some((l) => l.includes("wecom callback refused"))).toBe(true);
  });

  test("malformed envelopes and payloads → 400, not passed on", async () => {
    const s = appSender();
    const enc = s.encrypt("<xml><MsgType>text</MsgType><Content>unclosed</xml>");
    expect((await s.raw(s.signedQuery(enc), `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`)).status).toBe(
      400,
    );
    const good = s.encrypt(textXml("x"));
    expect((await s.raw(s.signedQuery(good), "<xml><Encrypt>")).status).toBe(400);
    expect((await s.raw(s.signedQuery(good), "<xml><Nothing/></xml>")).status).toBe(400);
    expect((await s.raw("timestamp=1&nonce=2", "<xml/>")).status).toBe(400);
    const doctype = `<!DOCTYPE x [<!ENTITY e "${good}">]><xml><Encrypt>&e;</Encrypt></xml>`;
    expect((await s.raw(s.signedQuery(good), doctype)).status).toBe(400);
    expect(received).toHaveLength(0);
  });

  test("an image: the bytes are fetched from media/get before onMessage", async () => {
    const mediaId = fake.addMedia(JPEG);
    const xml = `<xml><ToUserName>${APP.corpId}</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>http://x</PicUrl><MediaId>${mediaId}</MediaId><MsgId>77</MsgId><AgentID>1000002</AgentID></xml>`;
    expect((await appSender().postAppXml(xml)).acked).toBe(true);
    expect(fake.calls("/cgi-bin/media/get")[0]?.query.media_id).toBe(mediaId);
    expect(received[0]?.kind).toBe("image");
    expect(received[0]?.media?.bytes.equals(JPEG)).toBe(true);
    expect(received[0]?.media?.mime).toBe("image/jpeg");
  });

  test("WeCom down while fetching the photo → acknowledged at once with the media id kept; fetched once WeCom is back", async () => {
    const mediaId = fake.addMedia(JPEG);
    fake.setOutage("http500");
    const xml = `<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><MediaId>${mediaId}</MediaId><MsgId>78</MsgId></xml>`;
    const before = Date.now();
    const delivery = await appSender().postAppXml(xml);
    expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
    expect(received).toMatchObject([{ messageId: "78", kind: "image", sender: { id: "u" } }]);
    const pending = received[0]?.pendingMedia;
    expect(received[0]?.media).toBeUndefined();
    // media/get ids last 3 days.
    expect(pending?.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3 * 24 * 3_600_000 - 1000);
    await expect(platform.fetchMedia?.(pending?.ref ?? "")).rejects.toThrow();
    fake.setOutage(null);
    expect((await platform.fetchMedia?.(pending?.ref ?? ""))?.bytes.equals(JPEG)).toBe(true);
  });

  test("a media id WeCom does not know (40007): the sender is told at once", async () => {
    const xml = `<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><MediaId>gone-media</MediaId><MsgId>80</MsgId></xml>`;
    const delivery = await appSender().postAppXml(xml);
    expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
    expect(received).toMatchObject([{ kind: "event", event: "media_unavailable" }]);
  });

  test("onMessage throws → 500, and WeCom's retry delivers the same message once storage is back", async () => {
    let failures = 1;
    onMessage = async (m) => {
      if (failures-- > 0) throw new Error("database locked");
      received.push(m);
    };
    const delivery = await appSender().postAppXml(textXml("重试", "900"));
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(received.map((m) => m.messageId)).toEqual(["900"]);
  });

  test("the sender gives up after 3 tries when every answer is 500", async () => {
    onMessage = async () => {
      throw new Error("down");
    };
    const delivery = await appSender().postAppXml(textXml("x"));
    expect(delivery).toMatchObject({ acked: false });
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
  });

  test("a handler slower than the sender's timeout is retried (same MsgId)", async () => {
    const seen: string[] = [];
    onMessage = async (m) => {
      seen.push(m.messageId);
      // The first handling outlasts the sender's timeout: it ends only once WeCom has delivered again
      // (bounded, so a sender that never retries fails the test instead of hanging it).
      if (seen.length === 1)
        for (let i = 0; i < 500 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    };
    const delivery = await appSender({ timeoutMs: 100 }).postAppXml(textXml("慢", "901"));
    expect(delivery.attempts[0]?.error).toBe("TimeoutError");
    expect(delivery.acked).toBe(true);
    expect(seen).toEqual(["901", "901"]);
  });
});

describe("AI bot callback mode", () => {
  const groupText = (responseUrl: string, chatid = "GROUP1") => ({
    msgid: `m-${chatid}`,
    aibotid: "AIBOTID",
    chatid,
    chattype: "group",
    from: { userid: "lisi" },
    response_url: responseUrl,
    msgtype: "text",
    text: { content: "@环保助手 查询 古荥镇" },
  });

  test("group text → aibot:<chatid>; the reply goes once through response_url", async () => {
    expect((await aibotSender().postAibotJson(groupText(fake.responseUrl()))).acked).toBe(true);
    expect(received[0]).toMatchObject({
      chat: { id: "aibot:GROUP1", kind: "group" },
      text: "查询 古荥镇",
      sender: { id: "lisi" },
    });
    await platform.send(
      { platform: "wecom", chatId: "aibot:GROUP1" },
      { kind: "text", text: "古荥镇：在办 3 家" },
    );
    expect(fake.calls("/cgi-bin/aibot/response")[0]?.json).toEqual({
      msgtype: "markdown",
      markdown: { content: "古荥镇：在办 3 家" },
    });
    await expect(
      platform.send({ platform: "wecom", chatId: "aibot:GROUP1" }, { kind: "text", text: "第二条" }),
    ).rejects.toMatchObject({ code: "no_response_url" });
  });

  test("WeCom unreachable while replying: the response_url is kept for the outbox's retry", async () => {
    await aibotSender().postAibotJson(groupText(fake.responseUrl()));
    fake.setOutage("close");
    await expect(
      platform.send({ platform: "wecom", chatId: "aibot:GROUP1" }, { kind: "text", text: "已登记" }),
    ).rejects.toBeInstanceOf(PlatformRequestError);
    fake.setOutage(null);
    await platform.send({ platform: "wecom", chatId: "aibot:GROUP1" }, { kind: "text", text: "已登记" });
    expect(fake.calls("/cgi-bin/aibot/response").at(-1)?.json).toMatchObject({
      markdown: { content: "已登记" },
    });
  });

  test("a group with a robot webhook: after the response_url is used, pushes go to the robot", async () => {
    await aibotSender().postAibotJson(groupText(fake.responseUrl(), "GROUP2"));
    await platform.send({ platform: "wecom", chatId: "aibot:GROUP2" }, { kind: "text", text: "已登记" });
    await platform.send(
      { platform: "wecom", chatId: "aibot:GROUP2", mentions: ["lisi"] },
      { kind: "text", text: "请补充照片" },
    );
    expect(fake.calls("/cgi-bin/aibot/response")).toHaveLength(1);
    expect(fake.calls("/cgi-bin/webhook/send")[0]?.json).toEqual({
      msgtype: "text",
      text: { content: "请补充照片", mentioned_list: ["lisi"] },
    });
  });

  test("single-chat image: the file is downloaded and decrypted with the callback key", async () => {
    const url = fake.addAibotMedia(JPEG, AIBOT.aesKey);
    await aibotSender().postAibotJson({
      msgid: "img1",
      chattype: "single",
      from: { userid: "wangwu" },
      msgtype: "image",
      image: { url },
    });
    expect(received[0]).toMatchObject({ kind: "image", chat: { id: "aibot-user:wangwu" } });
    expect(received[0]?.media?.bytes.equals(JPEG)).toBe(true);
  });

  test("enter_chat over the callback is acknowledged but not passed on (only its own response could greet)", async () => {
    const result = await aibotSender().postAibotJson({
      msgid: "ev1",
      chattype: "single",
      from: { userid: "wangwu" },
      msgtype: "event",
      event: { eventtype: "enter_chat" },
    });
    expect(result.acked).toBe(true);
    expect(received).toHaveLength(0);
  });

  test("an app-encrypted payload posted to the AI bot path is refused", async () => {
    const s = createCallbackSender({
      url: `${base}${AIBOT.path}`,
      token: AIBOT.token,
      encodingAesKey: AIBOT.aesKey,
      receiveId: APP.corpId,
      tries: 1,
    });
    const delivery = await s.postAibotJson(groupText("x"));
    expect(delivery.attempts[0]?.status).toBe(403);
    expect(received).toHaveLength(0);
  });
});

describe("sending", () => {
  test("user:<id> → message/send; a long text arrives in parts within 2048 bytes", async () => {
    const long = Array.from({ length: 120 }, (_, i) => `${i + 1}. 某某企业 整治中`).join("\n");
    await platform.send({ platform: "wecom", userId: "zhangsan" }, { kind: "text", text: long });
    const sends = fake.calls("/cgi-bin/message/send");
    expect(sends.length).toBeGreaterThan(1);
    expect(sends.map((s) => (s.json?.text as { content?: string } | undefined)?.content).join("\n")).toBe(
      long,
    );
  });

  test("an image to a user is uploaded, then sent by media_id", async () => {
    await platform.send(
      { platform: "wecom", chatId: "user:zhangsan" },
      { kind: "image", bytes: JPEG, fileName: "现场.jpg" },
    );
    const id = (fake.calls("/cgi-bin/message/send")[0]?.json?.image as { media_id?: string } | undefined)
      ?.media_id;
    expect(fake.calls("/cgi-bin/media/upload")).toHaveLength(1);
    expect(id).toMatch(/^fake-media-/);
  });

  test("a file to a robot group goes through webhook/upload_media", async () => {
    await platform.send(
      { platform: "wecom", chatId: "aibot:GROUP2" },
      { kind: "file", bytes: Buffer.from("台账……"), fileName: "台账.xlsx" },
    );
    expect(fake.calls("/cgi-bin/webhook/upload_media")[0]?.file?.fileName).toBe("台账.xlsx");
    expect(fake.calls("/cgi-bin/webhook/send")[0]?.json?.msgtype).toBe("file");
  });

  test("no log line carries the access_token or the secret", async () => {
    await platform.send({ platform: "wecom", userId: "zhangsan" }, { kind: "text", text: "x" });
    fake.setOutage("close");
    await platform
      .send({ platform: "wecom", userId: "zhangsan" }, { kind: "text", text: "y" })
      .catch(() => {});
    const token = fake.calls("/cgi-bin/message/send")[0]?.query.access_token ?? "none";
    expect(logs.join("\n")).not.toContain(token);
    expect(logs.join("\n")).not.toContain(APP.secret);
  });
});

describe("official vector over HTTP", () => {
  test("Set A1's GET, percent-encoded as WeCom sends it, is answered with 1616140317555161061", async () => {
    const crypto = createWecomCrypto({
      token: "QDG6eK",
      encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
      receiveId: "wx5823bf96d3bd56c7",
    });
    const handler = createWecomCallbackHandler({
      app: { path: "/cb", crypto },
      fetchMedia: async () => ({ bytes: Buffer.alloc(0) }),
      onMessage: async () => {},
      logger: pino({ level: "silent" }),
    });
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const query =
      "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
    const res = await fetch(`http://127.0.0.1:${port}/cb?${query}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1616140317555161061");
    server.closeAllConnections();
    server.close();
  });
});

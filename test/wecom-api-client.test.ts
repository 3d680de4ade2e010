import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import { createWecomAppClient } from "../bot/platforms/wecom/api-client.js";
import { RateLimiter } from "../bot/platforms/wecom/rate-limiter.js";
import { createWecomWebhookClient, webhookImage } from "../bot/platforms/wecom/webhook-client.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";

const APP = { corpId: "ww1436e0e65a779aee", secret: "app-secret-1", agentId: 1000002 };
const KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64, 7)]);

let fake: FakeWecom;
let sleeps: number[];
let clock: number;

beforeEach(async () => {
  clock = Date.parse("2026-11-28T08:00:00Z");
  fake = await startFakeWecom({ ...APP, users: ["zhangsan"], robotKeys: [KEY], now: () => clock });
  sleeps = [];
});
afterEach(() => fake.close());

const app = (over: Partial<Parameters<typeof createWecomAppClient>[0]> = {}) =>
  createWecomAppClient({
    ...APP,
    baseUrl: fake.baseUrl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock,
    timeoutMs: 2000,
    ...over,
  });
const text = (content: string) => ({ msgtype: "text" as const, text: { content } });

describe("app client against the fake WeCom", () => {
  test("caches the access_token: two sends, one gettoken", async () => {
    const api = app();
    await api.sendToUser("zhangsan", text("已收到"));
    await api.sendToUser("zhangsan", text("第二条"));
    expect(fake.calls("/cgi-bin/gettoken")).toHaveLength(1);
    expect(fake.calls("/cgi-bin/message/send").map((r) => r.json?.text)).toEqual([
      { content: "已收到" },
      { content: "第二条" },
    ]);
    expect(fake.calls("/cgi-bin/message/send")[0]?.json).toMatchObject({
      touser: "zhangsan",
      agentid: 1000002,
    });
  });

  test("an expired token (42001) is refetched and the message sent once", async () => {
    const api = app();
    await api.sendToUser("zhangsan", text("一"));
    fake.expireTokens();
    await api.sendToUser("zhangsan", text("二"));
    expect(fake.calls("/cgi-bin/gettoken")).toHaveLength(2);
    const sends = fake.calls("/cgi-bin/message/send");
    expect(sends).toHaveLength(3); // one, rejected two, accepted two
    expect(sends[1]?.query.access_token).not.toBe(sends[2]?.query.access_token);
  });

  test("the token is refetched after its lifetime without a rejected call", async () => {
    const api = app();
    await api.sendToUser("zhangsan", text("一"));
    clock += 7200_000;
    await api.sendToUser("zhangsan", text("二"));
    expect(fake.calls("/cgi-bin/gettoken")).toHaveLength(2);
    expect(fake.calls("/cgi-bin/message/send")).toHaveLength(2);
  });

  test("40014 twice in a row: refetched once, then the refusal is thrown", async () => {
    fake.injectErrors("/cgi-bin/message/send", [40014, 40014]);
    await expect(app().sendToUser("zhangsan", text("x"))).rejects.toMatchObject({ code: 40014 });
    expect(fake.calls("/cgi-bin/gettoken")).toHaveLength(2);
  });

  test("45009 is retried with short backoff and then succeeds", async () => {
    fake.injectErrors("/cgi-bin/message/send", [45009, 45009]);
    await app().sendToUser("zhangsan", text("x"));
    expect(sleeps).toEqual([200, 1000]);
    expect(fake.calls("/cgi-bin/message/send")).toHaveLength(3);
  });

  test("45009 that persists becomes a retryable refusal for the outbox", async () => {
    fake.injectErrors("/cgi-bin/message/send", [45009, 45009, 45009]);
    const error = await app()
      .sendToUser("zhangsan", text("x"))
      .catch((e) => e);
    expect(error).toBeInstanceOf(PlatformRefusedError);
    expect(error).toMatchObject({ code: 45009, retryable: true, retryAfterMs: 60_000 });
  });

  test("-1 (system busy) and 45033 are retried too", async () => {
    fake.injectErrors("/cgi-bin/appchat/send", [-1, 45033]);
    await app().sendToAppchat("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", text("群消息"));
    expect(fake.calls("/cgi-bin/appchat/send")).toHaveLength(3);
  });

  test.each(["http500", "close"] as const)(
    "outage (%s) → PlatformRequestError, no token in the message",
    async (mode) => {
      const api = app();
      await api.sendToUser("zhangsan", text("warm up"));
      fake.setOutage(mode);
      const error = await api.sendToUser("zhangsan", text("x")).catch((e) => e);
      expect(error).toBeInstanceOf(PlatformRequestError);
      expect(String(error.message)).not.toContain("fake-token");
      expect(String(error.message)).toContain("/cgi-bin/message/send");
    },
  );

  test("a connection refused → PlatformRequestError", async () => {
    await fake.close();
    await expect(app().sendToUser("zhangsan", text("x"))).rejects.toBeInstanceOf(PlatformRequestError);
  });

  test("a wrong secret is a non-retryable refusal (40001)", async () => {
    const error = await app({ secret: "wrong" })
      .sendToUser("zhangsan", text("x"))
      .catch((e) => e);
    expect(error).toMatchObject({ code: 40001, retryable: false });
    expect(String(error.message)).not.toContain("wrong");
  });

  test("an unknown member → 81013", async () => {
    await expect(app().sendToUser("nobody", text("x"))).rejects.toMatchObject({ code: 81013 });
  });

  test("media/upload then media/get returns the same bytes", async () => {
    const api = app();
    const id = await api.uploadMedia("image", PNG, "现场.png");
    expect(fake.calls("/cgi-bin/media/upload")[0]?.file).toMatchObject({
      fileName: "现场.png",
      contentType: "image/png",
    });
    const got = await api.getMedia(id);
    expect(got.bytes.equals(PNG)).toBe(true);
    expect(got.mime).toBe("image/png");
    await api.sendToUser("zhangsan", { msgtype: "image", image: { media_id: id } });
  });

  test("media/get of an unknown id → 40007 (JSON answer, not bytes)", async () => {
    await expect(app().getMedia("nope")).rejects.toMatchObject({ code: 40007 });
  });
});

describe("group robot webhook client against the fake WeCom", () => {
  const hooks = (limiter?: RateLimiter) =>
    createWecomWebhookClient({
      baseUrl: fake.baseUrl,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      now: () => clock,
      ...(limiter ? { limiter } : {}),
    });

  test("text with mentions, markdown, image (base64 + md5) and file", async () => {
    const h = hooks();
    await h.send(KEY, [
      { msgtype: "text", text: { content: "请尽快处理", mentioned_list: ["zhangsan"] } },
      { msgtype: "markdown", markdown: { content: "**通报**" } },
      webhookImage(PNG),
    ]);
    const mediaId = await h.uploadMedia(KEY, Buffer.from("台账内容……"), "台账.xlsx");
    await h.send(KEY, [{ msgtype: "file", file: { media_id: mediaId } }]);
    expect(fake.calls("/cgi-bin/webhook/send").map((r) => r.json?.msgtype)).toEqual([
      "text",
      "markdown",
      "image",
      "file",
    ]);
  });

  test("the 21st message in a minute is refused locally with retryAfterMs, never reaching WeCom", async () => {
    const h = hooks();
    for (let i = 0; i < 20; i++) {
      await h.send(KEY, [{ msgtype: "text", text: { content: `第${i + 1}条` } }]);
      clock += 1000;
    }
    const error = await h.send(KEY, [{ msgtype: "text", text: { content: "第21条" } }]).catch((e) => e);
    expect(error).toMatchObject({ code: 45009, retryable: true, retryAfterMs: 40_000 });
    expect(fake.calls("/cgi-bin/webhook/send")).toHaveLength(20);
    clock += 40_000;
    await h.send(KEY, [{ msgtype: "text", text: { content: "第21条" } }]);
    expect(fake.calls("/cgi-bin/webhook/send")).toHaveLength(21);
  });

  test("a split message is reserved whole: no half-sent message", async () => {
    const h = hooks(new RateLimiter({ limit: 3, windowMs: 60_000, now: () => clock }));
    await h.send(KEY, [{ msgtype: "text", text: { content: "a" } }]);
    const parts = ["b", "c", "d"].map((c) => ({ msgtype: "text" as const, text: { content: c } }));
    await expect(h.send(KEY, parts)).rejects.toMatchObject({ retryable: true });
    expect(fake.calls("/cgi-bin/webhook/send")).toHaveLength(1);
  });

  test("WeCom's own 45009 (another sender on the robot) → retried, then retryable", async () => {
    fake.injectErrors("/cgi-bin/webhook/send", [45009, 45009, 45009]);
    await expect(hooks().send(KEY, [{ msgtype: "text", text: { content: "x" } }])).rejects.toMatchObject({
      code: 45009,
      retryable: true,
    });
    expect(sleeps).toEqual([200, 1000]);
  });

  test("a removed robot → 93000, and the key is not in the error", async () => {
    const error = await hooks()
      .send("removed-key-123", [{ msgtype: "text", text: { content: "x" } }])
      .catch((e) => e);
    expect(error).toMatchObject({ code: 93000, retryable: false });
    expect(String(error.message)).not.toContain("removed-key-123");
  });
});

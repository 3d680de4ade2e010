import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import { decideAfterFailure } from "../bot/outbox-decision.js";
import { createWecomPlatform, type WecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { type FakeWecom, startFakeWecom } from "./fakes/fake-wecom.js";
import { startFakeAibotWs } from "./fakes/fake-wecom-ws.js";
import { freshDb } from "./helpers/databases.js";
import { startTestBot } from "./helpers/test-bot.js";

/**
 * The AI bot long connection under faults, against the fake server written from the protocol
 * (§5.2) and the official client's source: what a member sees is the fake's `shown()`.
 */
const BOT = { botId: "aibBOT02", secret: "long-connection-secret" };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100, 7)]);
const AESKEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

let ws: Awaited<ReturnType<typeof startFakeAibotWs>>;
let fake: FakeWecom;
let platforms: WecomPlatform[];
let received: InboundMessage[];
let logs: { msg: string; [k: string]: unknown }[];
/** A fake clock for the platform: sleeps advance it at once. */
let clock: number;

/** Real I/O turns (the fake server is a real socket), never a timer: works under fake timers too. */
const settle = async (check: () => boolean, turns = 2000) => {
  for (let i = 0; i < turns && !check(); i++) await new Promise((r) => setImmediate(r));
  return check();
};
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

function make(extra: Partial<Parameters<typeof createWecomPlatform>[1]> = {}) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const p = createWecomPlatform(
    { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, robots: {}, aibotWs: { ...BOT, url: ws.url } },
    {
      logger: pino({ level: "info" }, sink),
      wsReconnectMs: 20,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      ...extra,
    },
  );
  platforms.push(p);
  return p;
}

const group = (msgid: string, content = "@整治助手 进度") => ({
  msgid,
  aibotid: BOT.botId,
  chatid: "wrTown1",
  chattype: "group",
  from: { userid: "lisi" },
  msgtype: "text",
  text: { content },
});
const pushTo = { platform: "wecom", chatId: "aibot:wrTown1" };

beforeEach(async () => {
  clock = Date.parse("2026-11-30T09:00:00Z");
  ws = await startFakeAibotWs({ ...BOT, now: () => clock });
  fake = await startFakeWecom({ corpId: "ww1", secret: "s", agentId: 1, now: () => clock });
  platforms = [];
  received = [];
  logs = [];
});
afterEach(async () => {
  vi.useRealTimers();
  for (const p of platforms) await p.stop();
  await ws.close();
  await fake.close();
});

const start = async (p = make()) => {
  await p.start(async (m) => {
    received.push(m);
  });
  return p;
};

describe("the connection stays up", () => {
  test("aibot_subscribe answering -1 (system busy) after a drop: it keeps trying and comes back", async () => {
    const p = await start();
    ws.busySubscribes(3);
    ws.drop();
    await waitFor(() => ws.subscribes >= 5 && p.status().connected);
    ws.push(group("m-after-busy"));
    await waitFor(() => received.length === 1);
    expect(received[0]?.text).toBe("进度");
  });

  test("connects and disconnects are logged", async () => {
    const p = await start();
    ws.drop();
    await waitFor(() => logs.filter((l) => l.msg === "wecom AI bot ws subscribed").length === 2);
    expect(p.status().connected).toBe(true);
    expect(logs.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["wecom AI bot ws disconnected", "wecom AI bot ws reconnecting"]),
    );
  });

  test("another connection took over (disconnected_event): the kicked one stays away instead of kicking back", async () => {
    const first = await start();
    // The clock the reconnect delays and the takeover pause run on (the sockets stay real).
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const second = await start(make());
    expect(await settle(() => !first.status().connected)).toBe(true);
    expect(first.status().reason).toBe("另一连接接管了此机器人");
    // Just short of the pause: every reconnect delay (20 ms, backing off) has come and gone many times,
    // and a client that kicked back would have subscribed again by now.
    await vi.advanceTimersByTimeAsync(600_000 - 1);
    await settle(() => ws.subscribes > 2);
    expect(ws.kicks).toBe(1);
    expect(ws.subscribes).toBe(2);
    expect(second.status().connected).toBe(true);
    expect(logs.find((l) => String(l.msg).includes("another connection took over"))).toMatchObject({
      retryInMs: 600_000,
    });
  });
});

describe("replies", () => {
  test("a reply to a message goes out as aibot_respond_msg with the callback's req_id", async () => {
    const p = await start();
    const reqId = ws.push(group("m1"));
    await waitFor(() => received.length === 1);
    await p.send({ ...pushTo, replyTo: "m1" }, { kind: "text", text: "全区进度：完成 3 家" });
    const frame = ws.received.at(-1);
    expect(frame).toMatchObject({ cmd: "aibot_respond_msg", reqId });
    expect(ws.shown()).toEqual([
      { chatid: "wrTown1", via: "respond", msgtype: "stream", content: "全区进度：完成 3 家" },
    ]);
    expect(ws.received.some((f) => f.cmd === "aibot_send_msg")).toBe(false);
  });

  test.each([
    [45009, "aibot_respond_msg"],
    [-1, "aibot_respond_msg"],
    [45009, "aibot_send_msg"],
    [-1, "aibot_send_msg"],
  ])("a %i ack to %s is waited out, not given up: the message arrives once", async (code, cmd) => {
    const p = await start();
    ws.push(group("m2"));
    await waitFor(() => received.length === 1);
    const target = cmd === "aibot_respond_msg" ? { ...pushTo, replyTo: "m2" } : pushTo;
    ws.failNext(cmd, [code]);
    const error = await p.send(target, { kind: "text", text: "本周逾期 2 家" }).catch((e: unknown) => e);
    expect(decideAfterFailure(error, { attempts: 0, createdAt: clock }, clock)).toMatchObject({
      action: "retry",
    });
    await p.send(target, { kind: "text", text: "本周逾期 2 家" });
    expect(ws.shown().map((m) => m.content)).toEqual(["本周逾期 2 家"]);
  });

  test("an ack slower than the client's 5 s: the push is not sent again while its ack may still come", async () => {
    const p = await start();
    ws.push(group("m3"));
    await waitFor(() => received.length === 1);
    ws.holdAcks("aibot_send_msg");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const frames = () => ws.received.filter((f) => f.cmd === "aibot_send_msg").length;
    const first = p.send(pushTo, { kind: "text", text: "提醒：明日截止" }).catch((e: unknown) => e);
    expect(await settle(() => frames() === 1)).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await first).toBeInstanceOf(PlatformRequestError);
    // The outbox tries again (1 s, 2 s, 4 s …): each try waits for the late ack instead of resending.
    for (let i = 0; i < 4; i++) {
      await expect(p.send(pushTo, { kind: "text", text: "提醒：明日截止" })).rejects.toBeInstanceOf(
        PlatformRequestError,
      );
    }
    expect(frames()).toBe(1);
    ws.releaseAcks();
    let delivered = false;
    for (let i = 0; i < 50 && !delivered; i++) {
      await new Promise((r) => setImmediate(r));
      delivered = await p.send(pushTo, { kind: "text", text: "提醒：明日截止" }).then(
        () => true,
        () => false,
      );
    }
    expect(delivered).toBe(true);
    expect(frames()).toBe(1);
    expect(ws.shown().map((m) => m.content)).toEqual(["提醒：明日截止"]);
  });

  test("a push whose ack never comes is sent again once the late-ack wait is over", async () => {
    const p = await start(make({ wsLateAckMs: 60_000 }));
    ws.push(group("m4"));
    await waitFor(() => received.length === 1);
    ws.holdAcks("aibot_send_msg");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const frames = () => ws.received.filter((f) => f.cmd === "aibot_send_msg").length;
    const first = p.send(pushTo, { kind: "text", text: "周通报" }).catch((e: unknown) => e);
    expect(await settle(() => frames() === 1)).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    await first;
    clock += 61_000;
    vi.useRealTimers();
    const again = p.send(pushTo, { kind: "text", text: "周通报" }).catch(() => undefined);
    expect(await settle(() => frames() === 2)).toBe(true);
    ws.releaseAcks();
    await again;
  });

  test("an ack slower than 5 s to a reply: sent again, the member still sees it once", async () => {
    const p = await start();
    ws.push(group("m5"));
    await waitFor(() => received.length === 1);
    ws.holdAcks("aibot_respond_msg");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const target = { ...pushTo, replyTo: "m5" };
    const first = p.send(target, { kind: "text", text: "已登记" }).catch((e: unknown) => e);
    expect(await settle(() => ws.received.some((f) => f.cmd === "aibot_respond_msg"))).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await first).toBeInstanceOf(PlatformRequestError);
    vi.useRealTimers();
    ws.releaseAcks();
    await p.send(target, { kind: "text", text: "已登记" });
    // Acks to one req_id cannot be told apart: the late one may answer this send before it lands.
    expect(await settle(() => ws.received.filter((f) => f.cmd === "aibot_respond_msg").length === 2)).toBe(
      true,
    );
    expect(ws.shown()).toEqual([{ chatid: "wrTown1", via: "respond", msgtype: "stream", content: "已登记" }]);
  });
});

describe("inbound", () => {
  test("an image whose download fails is handed on with its URL and key kept, and fetched again while the URL is valid", async () => {
    const p = await start();
    const url = fake.addAibotMedia(PNG, AESKEY);
    fake.failAibotMedia(2);
    ws.push({
      msgid: "i1",
      chattype: "single",
      from: { userid: "wangwu" },
      msgtype: "image",
      image: { url, aeskey: AESKEY },
    });
    await waitFor(() => received.length === 1);
    expect(received[0]?.kind).toBe("image");
    expect(received[0]?.media).toBeUndefined();
    const pending = received[0]?.pendingMedia;
    expect(pending?.expiresAt.getTime()).toBe(clock + 5 * 60_000);
    await expect(p.fetchMedia?.(pending?.ref ?? "")).rejects.toBeInstanceOf(PlatformRequestError);
    expect((await p.fetchMedia?.(pending?.ref ?? ""))?.bytes.equals(PNG)).toBe(true);
  });

  test("an image whose URL has run out (5 minutes): refused for good, so its sender is told", async () => {
    const p = await start();
    const url = fake.addAibotMedia(PNG, AESKEY);
    fake.failAibotMedia(1);
    ws.push({
      msgid: "i2",
      chattype: "single",
      from: { userid: "wangwu" },
      msgtype: "image",
      image: { url, aeskey: AESKEY },
    });
    await waitFor(() => received.length === 1);
    clock += 6 * 60_000;
    const error = await p.fetchMedia?.(received[0]?.pendingMedia?.ref ?? "").catch((e) => e);
    expect(error).toBeInstanceOf(PlatformRefusedError);
    expect(error.retryable).toBe(false);
  });

  test("a store that fails is tried again, the message kept until it is stored", async () => {
    let failures = 3;
    const p = make();
    await p.start(async (m) => {
      if (failures-- > 0) throw new Error("SQLITE_BUSY: database is locked");
      received.push(m);
    });
    ws.push(group("s1", "@整治助手 逾期"));
    await waitFor(() => received.length === 1);
    expect(received[0]?.text).toBe("逾期");
  });
});

describe("through the bot", () => {
  test("a member's 帮助 is answered with aibot_respond_msg on that message's req_id", async () => {
    const fresh = await freshDb("sqlite");
    const wecom = make({ now: Date.now, sleep: undefined });
    const t = await startTestBot(fresh.db, fresh.dir, { extraPlatforms: [wecom] });
    try {
      await waitFor(() => wecom.status().connected);
      const reqId = ws.push({ ...group("e2e-1", "@整治助手 帮助"), from: { userid: "nobody" } });
      for (let i = 0; i < 300 && ws.shown().length === 0; i++) {
        await t.bot.settle();
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(ws.shown()[0]).toMatchObject({ chatid: "wrTown1", via: "respond" });
      expect(ws.received.find((f) => f.cmd === "aibot_respond_msg")?.reqId).toBe(reqId);
      expect(ws.received.some((f) => f.cmd === "aibot_send_msg")).toBe(false);
    } finally {
      await t.bot.stop();
      await fresh.db.destroy();
    }
  });
});

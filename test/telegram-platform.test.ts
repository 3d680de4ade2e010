import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import {
  createTelegramPlatform,
  type TelegramPlatform,
} from "../bot/platforms/telegram/telegram-platform.js";
import { type FakeTelegram, startFakeTelegram } from "./fakes/fake-telegram.js";
import { groupImageDocument, groupPhoto, groupText, ids } from "./fakes/fake-telegram-updates.js";

const group = String(ids.townGroup);
let fake: FakeTelegram;
let platform: TelegramPlatform;
let logLines: string[];
let inbox: InboundMessage[];
let waiters: Array<() => void>;

function logger() {
  logLines = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return pino({ level: "debug" }, sink);
}

async function received(count: number): Promise<InboundMessage[]> {
  const deadline = Date.now() + 2000;
  while (inbox.length < count) {
    if (Date.now() > deadline) throw new Error(`only ${inbox.length} of ${count} received`);
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
  return inbox.slice(0, count);
}

const onMessage = async (m: InboundMessage) => {
  inbox.push(m);
  for (const w of waiters.splice(0)) w();
};

beforeEach(async () => {
  fake = await startFakeTelegram();
  inbox = [];
  waiters = [];
  platform = createTelegramPlatform(
    { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
    { logger: logger() },
  );
});

afterEach(async () => {
  await platform.stop();
  await fake.close();
});

describe("telegram platform, polling against the fake Bot API", () => {
  test("a group command arrives in Chinese, with chat and sender", async () => {
    await platform.start(onMessage);
    expect(platform.botUsername).toBe(fake.username);
    fake.pushUpdate(groupText(`/report@${fake.username} 古荥镇 张三砖厂`));
    const [m] = await received(1);
    expect(m).toMatchObject({
      platform: "telegram",
      messageId: `${group}:101`,
      chat: { id: group, kind: "group", title: "古荥镇环保群" },
      sender: { id: String(ids.inspector), name: "建国 王" },
      kind: "text",
      text: "上报 古荥镇 张三砖厂",
    });
    expect(fake.calls.map((c) => c.method).slice(0, 3)).toEqual(["getMe", "deleteWebhook", "getUpdates"]);
  });

  test("a photo is downloaded at once: the largest size's bytes are in the message", async () => {
    const small = fake.addFile(Buffer.from("small"));
    const medium = fake.addFile(Buffer.from("medium"));
    const large = fake.addFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    await platform.start(onMessage);
    fake.pushUpdate(groupPhoto([small, medium, large], "/progress 张三砖厂 正在拆除"));
    const [m] = await received(1);
    expect(m?.kind).toBe("image");
    expect(m?.text).toBe("进展 张三砖厂 正在拆除");
    expect(m?.media?.bytes).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(fake.calls.filter((c) => c.method === "getFile").map((c) => c.params.file_id)).toEqual([large]);
  });

  test("an image sent as a file keeps its name and MIME type", async () => {
    const id = fake.addFile(Buffer.from("exif-jpeg"), "documents/file_9.jpg");
    await platform.start(onMessage);
    fake.pushUpdate(groupImageDocument(id));
    const [m] = await received(1);
    expect(m?.media).toEqual({
      bytes: Buffer.from("exif-jpeg"),
      fileName: "IMG_20261128_101500.jpg",
      mime: "image/jpeg",
    });
  });

  test("a photo and the text right after it reach the core in the order they were sent", async () => {
    const id = fake.addFile(Buffer.from("jpeg"));
    fake.pushUpdate(groupPhoto([id, id, id], undefined, 300));
    fake.pushUpdate(groupText("进展 GY-0001 拆除到位", 301));
    await platform.start(onMessage);
    const messages = await received(2);
    expect(messages.map((m) => m.kind)).toEqual(["image", "text"]);
  });

  test("stop confirms the processed updates (the next getUpdates offset)", async () => {
    await platform.start(onMessage);
    fake.pushUpdate(groupText("查询 张三砖厂"));
    await received(1);
    await platform.stop();
    expect(fake.unconfirmed()).toBe(0);
  });

  test("send: markdown as HTML, image as photo, file as document", async () => {
    await platform.send(
      { platform: "telegram", chatId: group },
      { kind: "markdown", text: "**已上报** 张三砖厂 <1>" },
    );
    await platform.send(
      { platform: "telegram", chatId: group },
      { kind: "image", bytes: Buffer.from("png!") },
    );
    await platform.send(
      { platform: "telegram", userId: String(ids.inspector) },
      { kind: "file", bytes: Buffer.from("xlsx"), fileName: "排查台账.xlsx" },
    );
    expect(fake.sent).toMatchObject([
      { method: "sendMessage", chatId: group, parseMode: "HTML", visibleText: "已上报 张三砖厂 <1>" },
      { method: "sendPhoto", chatId: group, file: { bytes: Buffer.from("png!"), fileName: "photo.jpg" } },
      {
        method: "sendDocument",
        chatId: String(ids.inspector),
        file: { bytes: Buffer.from("xlsx"), fileName: "排查台账.xlsx" },
      },
    ]);
  });

  test("a long report goes out in parts the fake accepts", async () => {
    const text = Array.from({ length: 120 }, (_, i) => `${i + 1}. ${"整改到位".repeat(12)}`).join("\n");
    await platform.send({ platform: "telegram", chatId: group }, { kind: "markdown", text });
    expect(fake.sent.length).toBe(2);
    expect(fake.sent.map((s) => s.visibleText).join("\n")).toBe(text);
  });
});

describe("a long reply split in parts, part 2 refused with 429", () => {
  test("the retry starts at part 2: each part reaches the chat once, in order", async () => {
    const text = Array.from({ length: 120 }, (_, i) => `${i + 1}. ${"整改到位".repeat(12)}`).join("\n");
    const target = { platform: "telegram", chatId: group };
    let done = 0;
    const progress = {
      get done() {
        return done;
      },
      async partSent(n: number) {
        done = n;
        // Telegram's flood limit meets the next part, as a busy group sees it.
        if (n === 1)
          fake.failNext("sendMessage", {
            error_code: 429,
            description: "Too Many Requests",
            parameters: { retry_after: 1 },
          });
      },
    };
    const first = await platform.send(target, { kind: "markdown", text }, progress).catch((e) => e);
    expect(first).toBeInstanceOf(PlatformRefusedError);
    expect(done).toBe(1);
    expect(fake.sent.length).toBe(1);
    await platform.send(target, { kind: "markdown", text }, progress);
    expect(fake.sent.length).toBe(2);
    expect(fake.sent.map((s) => s.visibleText).join("\n")).toBe(text);
  });
});

describe("telegram send errors", () => {
  const target = { platform: "telegram", chatId: group };

  test("429 → PlatformRefusedError, retryable, retryAfterMs from retry_after", async () => {
    fake.rateLimit(7);
    const error = await platform.send(target, { kind: "text", text: "周通报" }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformRefusedError);
    expect(error).toMatchObject({ code: 429, retryAfterMs: 7000, retryable: true });
    expect(fake.sent).toEqual([]);
  });

  test("403 blocked → PlatformRefusedError, not retryable", async () => {
    fake.block(group);
    const error = await platform.send(target, { kind: "text", text: "周通报" }).catch((e) => e);
    expect(error).toBeInstanceOf(PlatformRefusedError);
    expect(error).toMatchObject({ code: 403, retryable: false, retryAfterMs: undefined });
  });

  test("5xx and no answer → PlatformRequestError; the token is never in the error", async () => {
    fake.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    const bad = await platform.send(target, { kind: "text", text: "x" }).catch((e) => e);
    expect(bad).toBeInstanceOf(PlatformRequestError);
    await fake.close();
    const down = await platform.send(target, { kind: "text", text: "x" }).catch((e) => e);
    expect(down).toBeInstanceOf(PlatformRequestError);
    const secret = fake.token.split(":")[1] ?? "";
    expect(JSON.stringify({ m: down.message, c: String(down.cause), s: down.stack })).not.toContain(secret);
  });

  test("a photo Telegram refuses to hand over: the sender is told (an event), logged without the token", async () => {
    await platform.start(onMessage);
    fake.pushUpdate(groupPhoto(["gone-1", "gone-2", "gone-3"]));
    fake.pushUpdate(groupText("查询 张三砖厂", 120));
    const [photo, text] = await received(2);
    expect(photo).toMatchObject({ kind: "event", event: "media_unavailable" });
    expect(text?.text).toBe("查询 张三砖厂");
    const secret = fake.token.split(":")[1] ?? "";
    expect(logLines.some((l) => l.includes("telegram file could not be fetched"))).toBe(true);
    expect(logLines.join("")).not.toContain(secret);
  });
});

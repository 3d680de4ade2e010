import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import {
  createTelegramPlatform,
  type TelegramPlatform,
} from "../bot/platforms/telegram/telegram-platform.js";
import { startFakeTelegram } from "./fakes/fake-telegram.js";
import { groupPhoto, groupText, ids, privateText } from "./fakes/fake-telegram-updates.js";
import { silentLog } from "./helpers/test-bot.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(options: { localDir?: string; callTimeoutMs?: number; clock?: () => Date } = {}) {
  const fake = await startFakeTelegram(options.localDir ? { localDir: options.localDir } : {});
  const platform = createTelegramPlatform(
    { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
    {
      logger: silentLog,
      // Polling waits between failed tries; here a turn of the event loop is enough.
      pollingSleep: () => new Promise((r) => setTimeout(r, 5)),
      ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
  );
  cleanup.push(async () => {
    await platform.stop();
    await fake.close();
  });
  return { fake, platform };
}

function inbox() {
  const got: InboundMessage[] = [];
  let wake = () => {};
  return {
    got,
    onMessage: async (m: InboundMessage) => {
      got.push(m);
      wake();
    },
    async until(count: number) {
      while (got.length < count) await new Promise<void>((r) => (wake = r));
      return got;
    },
  };
}

async function start(platform: TelegramPlatform, onMessage: (m: InboundMessage) => Promise<void>) {
  await platform.start(onMessage);
}

test("a 409 from getUpdates (a second poller, a deploy overlap) does not stop polling", async () => {
  const { fake, platform } = await setup();
  const box = inbox();
  await start(platform, box.onMessage);
  fake.failNext("getUpdates", {
    error_code: 409,
    description: "Conflict: terminated by other getUpdates request",
  });
  fake.failNext("getUpdates", {
    error_code: 409,
    description: "Conflict: terminated by other getUpdates request",
  });
  fake.pushUpdate(groupText("进度"));
  fake.pushUpdate(groupText("查询 张三砖厂"));
  const got = await box.until(2);
  expect(got.map((m) => m.text)).toEqual(["进度", "查询 张三砖厂"]);
});

test("a store that fails is tried again before the update is acknowledged: the message is not lost", async () => {
  const { fake, platform } = await setup();
  const stored: InboundMessage[] = [];
  let failures = 2;
  let wake = () => {};
  await start(platform, async (m) => {
    if (failures-- > 0) throw new Error("SQLITE_BUSY: database is locked");
    stored.push(m);
    wake();
  });
  fake.pushUpdate(groupText("上报 古荥镇 张三砖厂"));
  while (stored.length < 1) await new Promise<void>((r) => (wake = r));
  expect(stored.map((m) => m.text)).toEqual(["上报 古荥镇 张三砖厂"]);
  // Acknowledged only after it was stored.
  await platform.stop();
  expect(fake.unconfirmed()).toBe(0);
});

test("a local Bot API server (--local) gives absolute paths: the photo is read from its disk", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tg-local-"));
  const { fake, platform } = await setup({ localDir: dir });
  const box = inbox();
  await start(platform, box.onMessage);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
  const id = fake.addFile(jpeg, "photos/file_7.jpg");
  fake.pushUpdate(groupPhoto([id, id, id], "进展 GY-0001 正在拆除"));
  const [m] = await box.until(1);
  expect(m?.media?.bytes).toEqual(jpeg);
});

test("a send that hangs is given up after the call timeout, as a retryable failure", async () => {
  const { fake, platform } = await setup({ callTimeoutMs: 200 });
  await start(platform, async () => {});
  const release = fake.hang("sendMessage", String(ids.townGroup));
  const error = await platform
    .send({ platform: "telegram", chatId: String(ids.townGroup) }, { kind: "text", text: "已上报" })
    .catch((e) => e);
  expect(error).toBeInstanceOf(PlatformRequestError);
  release();
  // Another chat was never held up by it.
  await platform.send(
    { platform: "telegram", chatId: String(ids.inspector) },
    { kind: "text", text: "你好" },
  );
  expect(fake.sent.map((s) => s.text)).toContain("你好");
});

test("a photo Telegram keeps failing to serve (500): handed on at once with its file id kept, fetched again once Telegram serves it", async () => {
  const now = Date.parse("2017-03-01T02:00:00.000Z");
  const { fake, platform } = await setup({ clock: () => new Date(now) });
  const box = inbox();
  await start(platform, box.onMessage);
  fake.setFileOutage(true);
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 9, 9]);
  const id = fake.addFile(jpeg);
  fake.pushUpdate(groupPhoto([id, id, id], "GY-0001"));
  fake.pushUpdate(privateText("查询 GY-0001", 8));
  const got = await box.until(2);
  const photo = got.find((m) => m.kind === "image");
  expect(photo).toMatchObject({ text: "GY-0001", chat: { id: String(ids.townGroup) } });
  expect(photo?.media).toBeUndefined();
  // Telegram's file ids do not expire: the bot keeps trying for 3 days.
  expect(photo?.pendingMedia?.expiresAt.toISOString()).toBe("2017-03-04T02:00:00.000Z");
  // Acknowledged: polling is not held up by it.
  while (fake.unconfirmed() > 0) await new Promise((r) => setTimeout(r, 5));
  await expect(platform.fetchMedia?.(photo?.pendingMedia?.ref ?? "")).rejects.toBeInstanceOf(
    PlatformRequestError,
  );
  fake.setFileOutage(false);
  expect((await platform.fetchMedia?.(photo?.pendingMedia?.ref ?? ""))?.bytes).toEqual(jpeg);
});

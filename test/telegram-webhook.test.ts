import pino from "pino";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { InboundMessage } from "../base/message.js";
import {
  createTelegramPlatform,
  type TelegramPlatform,
} from "../bot/platforms/telegram/telegram-platform.js";
import { type FakeTelegram, startFakeTelegram } from "./fakes/fake-telegram.js";
import { groupPhoto, groupText } from "./fakes/fake-telegram-updates.js";

const secretToken = "s3cret_Token-for-test";
let fake: FakeTelegram;
let platform: TelegramPlatform;
let inbox: InboundMessage[];
let failNext = false;

beforeEach(async () => {
  fake = await startFakeTelegram();
  inbox = [];
  platform = createTelegramPlatform(
    {
      token: fake.token,
      apiRoot: fake.apiRoot,
      mode: "webhook",
      webhook: {
        host: "127.0.0.1",
        port: 0,
        path: "/telegram/webhook",
        secretToken,
        publicUrl: "https://bot.example.org/telegram/webhook",
      },
    },
    { logger: pino({ level: "silent" }) },
  );
  await platform.start(async (m) => {
    if (failNext) {
      failNext = false;
      throw new Error("database is locked");
    }
    inbox.push(m);
  });
});

afterEach(async () => {
  await platform.stop();
  await fake.close();
});

function post(body: unknown, headers: Record<string, string> = {}, path = "/telegram/webhook") {
  return fetch(`http://127.0.0.1:${platform.webhookPort()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const update = { update_id: 5001, ...groupText("/stats") };

test("start registers the webhook with its secret", () => {
  const setWebhook = fake.calls.find((c) => c.method === "setWebhook");
  expect(setWebhook?.params).toMatchObject({
    url: "https://bot.example.org/telegram/webhook",
    secret_token: secretToken,
  });
});

test("a post without the secret header, or with a wrong one, gets 403 and reaches nobody", async () => {
  expect((await post(update)).status).toBe(403);
  expect((await post(update, { "x-telegram-bot-api-secret-token": "guess" })).status).toBe(403);
  expect(inbox).toEqual([]);
});

test("a post with the secret is mapped and handed over, then answered 200", async () => {
  const res = await post(update, { "x-telegram-bot-api-secret-token": secretToken });
  expect(res.status).toBe(200);
  expect(inbox.map((m) => m.text)).toEqual(["进度"]);
});

test("when the core cannot store the message, 500 makes Telegram deliver it again", async () => {
  failNext = true;
  const headers = { "x-telegram-bot-api-secret-token": secretToken };
  expect((await post(update, headers)).status).toBe(500);
  expect((await post(update, headers)).status).toBe(200);
  expect(inbox.map((m) => m.messageId)).toEqual(["-1001987654321:101"]);
});

test("other paths and methods are refused", async () => {
  const headers = { "x-telegram-bot-api-secret-token": secretToken };
  expect((await post(update, headers, "/other")).status).toBe(404);
  const get = await fetch(`http://127.0.0.1:${platform.webhookPort()}/telegram/webhook`);
  expect(get.status).toBe(405);
  const bad = await fetch(`http://127.0.0.1:${platform.webhookPort()}/telegram/webhook`, {
    method: "POST",
    headers,
    body: "{not json",
  });
  expect(bad.status).toBe(400);
});

test("a photo whose getFile fails (500): answered 200 at once, handed over with its file id kept to fetch later", async () => {
  fake.setFileOutage(true);
  const id = fake.addFile(Buffer.from([0xff, 0xd8, 0xff, 1]));
  const res = await post(
    { update_id: 5002, ...groupPhoto([id, id, id], "GY-0001") },
    { "x-telegram-bot-api-secret-token": secretToken },
  );
  expect(res.status).toBe(200);
  expect(inbox).toMatchObject([{ kind: "image", text: "GY-0001" }]);
  expect(inbox[0]?.media).toBeUndefined();
  fake.setFileOutage(false);
  expect((await platform.fetchMedia?.(inbox[0]?.pendingMedia?.ref ?? ""))?.bytes).toEqual(
    Buffer.from([0xff, 0xd8, 0xff, 1]),
  );
});

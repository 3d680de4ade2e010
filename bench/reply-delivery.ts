import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { systemClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { openDb } from "../storage/db.js";
import { startFakeTelegram } from "../test/fakes/fake-telegram.js";

export interface DeliveryFigures {
  latencyMs: number;
  messages: number;
  chats: number;
  /** Replies delivered per second, from the first message in to the last reply out. */
  repliesPerSecond: number;
  /** How long after the last message came in its reply (and every other) was out. */
  lagAfterLastMs: number;
  /** The same Bot API and platform, one send at a time (what the outbox did before issue 14). */
  oneAtATimePerSecond: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Replies delivered per second through the whole bot — pipeline, outbox, the Telegram platform over
 * HTTP — to the fake Bot API answering each send after `latencyMs`, with messages coming in at
 * `ratePerSecond` from `chats` chats (帮助 from people not yet registered: one short reply each).
 * Baseline in the same run: the same platform and fake, one send after another.
 */
export async function benchReplyDelivery(o: {
  latencyMs: number;
  messages: number;
  chats: number;
  ratePerSecond: number;
}): Promise<DeliveryFigures> {
  const fake = await startFakeTelegram({ sendLatencyMs: o.latencyMs });
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "huanbao-delivery-"));
  const db = await openDb({ sqlitePath: join(dir, "bench.sqlite") });
  const log = pino({ level: "silent" });
  const telegram = createTelegramPlatform(
    { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
    { logger: log },
  );
  const bot = createBot({
    db,
    dataDir: dir,
    clock: systemClock,
    log,
    settings: { campaignYear: 2026, botName: "整治助手" },
    outboxPollMs: 1000,
  });
  await bot.start([telegram]);

  // Baseline: one send at a time, as many as take about two seconds.
  const sample = Math.max(10, Math.round(2000 / o.latencyMs));
  const t0 = performance.now();
  for (let i = 0; i < sample; i++) {
    await telegram.send({ platform: "telegram", chatId: "777" }, { kind: "text", text: `基准 ${i}` });
  }
  const oneAtATimePerSecond = sample / ((performance.now() - t0) / 1000);
  const before = fake.sent.length;

  const start = performance.now();
  for (let i = 0; i < o.messages; i++) {
    const chat = String(9_000_000 + (i % o.chats));
    void bot.pipeline.receive({
      platform: "telegram",
      messageId: `${chat}:${i}`,
      chat: { id: chat, kind: "private" },
      sender: { id: chat },
      kind: "text",
      text: "帮助",
      receivedAt: new Date(),
    });
    const due = start + ((i + 1) * 1000) / o.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const lastIn = performance.now();
  while (fake.sent.length - before < o.messages) await sleep(5);
  const end = performance.now();

  await bot.stop();
  await fake.close();
  await db.destroy();
  return {
    latencyMs: o.latencyMs,
    messages: o.messages,
    chats: o.chats,
    repliesPerSecond: o.messages / ((end - start) / 1000),
    lagAfterLastMs: end - lastIn,
    oneAtATimePerSecond,
  };
}

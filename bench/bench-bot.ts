import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { systemClock } from "../base/clock.js";
import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import { createBot } from "../bot/create-bot.js";
import type { Platform } from "../bot/platform.js";
import { openDb } from "../storage/db.js";
import { loadDemoData } from "../storage/demo-data.js";

/**
 * The real bot on a fresh SQLite file, with a platform that records when each reply reaches it,
 * so a benchmark measures receive → parse → validate → store → outbox → send.
 */
export async function startBenchBot(
  platformName = "console",
  /** Sees every message the bot sends, as it reaches the platform. */
  onSend?: (target: OutboundTarget, message: OutboundMessage) => void,
) {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), "huanbao-bench-"));
  const db = await openDb({ sqlitePath: join(dir, "bench.sqlite") });
  await loadDemoData(db, new Date(), { console: true });
  // Who waits for the next text reply to a chat; resolved with the time it reached the platform.
  const waiting = new Map<string, (at: number) => void>();
  /** Call before sending: resolves when the next text reply to the chat is handed to the platform. */
  const nextReply = (chatId: string) => new Promise<number>((resolve) => waiting.set(chatId, resolve));
  const platform: Platform = {
    name: platformName,
    capabilities: { markdown: false, image: true, file: true, mention: false, maxTextBytes: 1 << 20 },
    async start() {},
    async stop() {},
    status: () => ({ connected: true, since: new Date(0) }),
    async send(target, message) {
      onSend?.(target, message);
      const waiter = message.kind === "text" && target.chatId ? waiting.get(target.chatId) : undefined;
      if (waiter) {
        waiting.delete(target.chatId!);
        waiter(performance.now());
      }
    },
  };
  const bot = createBot({
    db,
    dataDir: dir,
    clock: systemClock,
    log: pino({ level: "silent" }),
    settings: { campaignYear: 2026, botName: "整治助手" },
    outboxPollMs: 1000,
  });
  await bot.start([platform]);
  return { bot, db, dir, nextReply };
}

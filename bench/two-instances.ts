import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { systemClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import type { Platform } from "../bot/platform.js";
import { type Db, openDb } from "../storage/db.js";
import { loadDemoData } from "../storage/demo-data.js";
import { reportText } from "./report-throughput.js";

/** A platform that hands each chat's next text reply to whoever waits for it. */
function recordingPlatform(waiting: Map<string, (text: string) => void>): Platform {
  return {
    name: "console",
    capabilities: { markdown: false, image: true, file: true, mention: false, maxTextBytes: 1 << 20 },
    async start() {},
    async stop() {},
    status: () => ({ connected: true, since: new Date(0) }),
    async send(target, message) {
      const waiter = message.kind === "text" && target.chatId ? waiting.get(target.chatId) : undefined;
      if (waiter && message.kind === "text") {
        waiting.delete(target.chatId!);
        waiter(message.text);
      }
    },
  };
}

/**
 * 上报 end to end on PostgreSQL with `instances` bots on one schema, each with its own connection
 * pool (as separate processes have; here they share this process's CPU). 16 chats post at once,
 * each waiting for its answer, spread over the instances. Counts the answers that are not a filed
 * report, and the reports filed.
 */
async function run(databaseUrl: string, instances: number, total: number, chats = 16) {
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const pools: Db[] = [];
  const open = async () => {
    const db = await openDb({ databaseUrl, schema });
    pools.push(db);
    return db;
  };
  const setup = await open();
  await loadDemoData(setup, new Date(), { console: true });
  const waiting = new Map<string, (text: string) => void>();
  const bots: ReturnType<typeof createBot>[] = [];
  for (let k = 0; k < instances; k++) {
    const bot = createBot({
      db: await open(),
      dataDir: mkdtempSync(join(tmpdir(), "huanbao-bench-")),
      clock: systemClock,
      log: pino({ level: "silent" }),
      settings: { campaignYear: 2026, botName: "整治助手" },
      outboxPollMs: 1000,
    });
    await bot.start([recordingPlatform(waiting)]);
    bots.push(bot);
  }
  const tag = randomBytes(2).toString("hex");
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: chats }, async (_, c) => {
      const chatId = `bench-chat-${c}`;
      const bot = bots[c % bots.length]!;
      while (next < total) {
        const i = next++;
        const replied = new Promise<string>((resolve) => waiting.set(chatId, resolve));
        await bot.pipeline.receive({
          platform: "console",
          messageId: randomUUID(),
          chat: { id: chatId, kind: "group" },
          sender: { id: "张三" },
          kind: "text",
          text: reportText(i, tag),
          receivedAt: new Date(),
        });
        const answer = await replied;
        // Anything but ✅ 已上报 (处理这条消息时出错… above all) is a report that failed.
        if (!answer.startsWith("✅")) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const filed = Number((await setup("enterprises").count({ n: "*" }).first())?.n);
  for (const bot of bots) await bot.stop();
  await setup.raw(`drop schema "${schema}" cascade`);
  for (const db of pools) await db.destroy();
  return { perSecond: total / seconds, failed, filed };
}

/** Reports/s with one and with two instances on one PostgreSQL, and the share that failed. */
export async function benchTwoInstances(databaseUrl: string, total = 2000) {
  const one = await run(databaseUrl, 1, total);
  const two = await run(databaseUrl, 2, total);
  return { total, one, two };
}

import { randomUUID } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startBenchBot } from "./bench-bot.js";
import { percentile } from "./stats.js";

/** A valid 上报 whose enterprise name is unique per `run` and `i`. */
export const reportText = (i: number, run = "") =>
  `上报\n企业名称：测试塑料${run}${i}厂\n所在村组：黄河村${i % 9}组\n企业类型：小散乱污\n企业规模：${(i % 40) + 2}人\n原辅材料：废旧塑料\n涉水涉气：涉气\n有无手续：无\n整治要求：限期拆除\n整治期限：12月31日\n分包责任人：张三`;

/**
 * (a) Report messages end to end: each is received, stored, parsed, validated, filed, answered
 * through the outbox and sent. Several chats post at once, each waiting for its answer (as people do).
 * Baseline in the same run: a bare better-sqlite3 insert, one transaction per row, on the same disk.
 */
export async function benchReports(total = 10_000, chats = 16) {
  const { bot, db, dir, nextReply } = await startBenchBot();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: chats }, async (_, c) => {
      const chatId = `bench-chat-${c}`;
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const replied = nextReply(chatId);
        await bot.pipeline.receive({
          platform: "console",
          messageId: randomUUID(),
          chat: { id: chatId, kind: "group" },
          sender: { id: "张三" },
          kind: "text",
          text: reportText(i),
          receivedAt: new Date(),
        });
        latencies.push((await replied) - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const filed = Number((await db("enterprises").count({ n: "*" }).first())?.n);
  await bot.stop();
  await db.destroy();

  const raw = new Database(join(dir, "baseline.sqlite"));
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.exec("create table t (id integer primary key, name text, body text)");
  const insert = raw.prepare("insert into t (name, body) values (?, ?)");
  const one = raw.transaction((i: number) => insert.run(`测试塑料${i}厂`, reportText(i)));
  const b0 = performance.now();
  for (let i = 0; i < total; i++) one(i);
  const baselinePerSecond = total / ((performance.now() - b0) / 1000);
  raw.close();

  return {
    messages: total,
    filed,
    perSecond: total / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    baselinePerSecond,
  };
}

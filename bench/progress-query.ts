import { randomUUID } from "node:crypto";
import { startBenchBot } from "./bench-bot.js";
import { seedEnterprises } from "./seed-district.js";
import { percentile } from "./stats.js";

/**
 * (b) 进度 over N enterprises, end to end through the bot, p99 of `runs` queries (district-wide and
 * for one town, alternating). Baseline in the same run: `select count(*) from enterprises`.
 */
export async function benchProgress(enterprises: number, runs = 200) {
  const { bot, db, nextReply } = await startBenchBot();
  await seedEnterprises(db, await db("towns").select("id", "code"), enterprises);

  const latencies: number[] = [];
  for (let r = 0; r < runs; r++) {
    const chatId = "bench-progress";
    const replied = nextReply(chatId);
    const t0 = performance.now();
    await bot.pipeline.receive({
      platform: "console",
      messageId: randomUUID(),
      chat: { id: chatId, kind: "private" },
      sender: { id: "赵六" },
      kind: "text",
      text: r % 2 === 0 ? "进度" : "进度 古荥镇",
      receivedAt: new Date(),
    });
    latencies.push((await replied) - t0);
  }
  const base: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await db("enterprises").count({ n: "*" });
    base.push(performance.now() - t0);
  }
  await bot.stop();
  await db.destroy();
  return {
    enterprises,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    baselineP99Ms: percentile(base, 99),
  };
}

import { randomUUID } from "node:crypto";
import { FINISHED_STATES } from "../domain/transitions.js";
import { startBenchBot } from "./bench-bot.js";
import { percentile } from "./stats.js";

const TYPES = ["小散乱污", "八小"];
const PATHS = [
  ["补办手续", ["待整治", "补办手续", "手续办结"]],
  ["整改完善", ["待整治", "正在整治", "整改到位"]],
  ["限期拆除", ["待整治", "正在拆除", "拆除到位"]],
] as const;

/**
 * (b) 进度 over N enterprises, end to end through the bot, p99 of `runs` queries (district-wide and
 * for one town, alternating). Baseline in the same run: `select count(*) from enterprises`.
 */
export async function benchProgress(enterprises: number, runs = 200) {
  const { bot, db, delivered } = await startBenchBot();
  const towns = await db("towns").select("id", "code");
  const rows = [];
  for (let i = 0; i < enterprises; i++) {
    const town = towns[i % towns.length]!;
    const [requirement, states] = PATHS[i % 3]!;
    const state = states[(i % 7) % 3]!;
    rows.push({
      case_no: `${town.code}-${i}`,
      town_id: town.id,
      name: `企业${i}`,
      name_key: `企业${i}`,
      village: "某村",
      type: TYPES[i % 2],
      scale: "10人",
      materials: "塑料",
      water_air: "涉气",
      permits: "无",
      requirement,
      deadline: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`,
      responsible: "张三",
      state,
      finished_on: (FINISHED_STATES as readonly string[]).includes(state) ? "2026-06-01" : null,
      closed_at:
        i % 11 === 0 && (FINISHED_STATES as readonly string[]).includes(state)
          ? "2026-06-02T00:00:00Z"
          : null,
      reported_at: "2026-01-01T00:00:00Z",
      reported_on: "2026-01-01",
      updated_at: "2026-01-01T00:00:00Z",
    });
  }
  await db.batchInsert("enterprises", rows, 500);

  const latencies: number[] = [];
  for (let r = 0; r < runs; r++) {
    const chatId = "bench-progress";
    delivered.delete(chatId);
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
    while (!delivered.has(chatId)) await new Promise((res) => setImmediate(res));
    latencies.push(delivered.get(chatId)! - t0);
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

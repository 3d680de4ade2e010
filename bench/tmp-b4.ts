import { randomUUID } from "node:crypto";
import { startBenchBot } from "./bench-bot.js";

const { bot, db, delivered } = await startBenchBot();
const start = new Map<string, number>();
const agg = new Map<string, [number, number]>();
db.on("query", (q) => start.set(q.__knexQueryUid, performance.now()));
db.on("query-response", (_r, q) => {
  const t = performance.now() - (start.get(q.__knexQueryUid) ?? 0);
  const k = q.sql.slice(0, 70);
  const a = agg.get(k) ?? [0, 0];
  a[0] += t;
  a[1]++;
  agg.set(k, a);
});
for (let i = 0; i < 1500; i++) {
  await bot.pipeline.receive({
    platform: "console",
    messageId: randomUUID(),
    chat: { id: "c", kind: "group" },
    sender: { id: "张三" },
    kind: "text",
    text: `上报\n企业名称：测试塑料${i}厂\n所在村组：黄河村\n企业类型：小散乱污\n企业规模：3人\n原辅材料：废旧塑料\n涉水涉气：涉气\n有无手续：无\n整治要求：限期拆除\n整治期限：12月31日\n分包责任人：张三`,
    receivedAt: new Date(),
  });
  delivered.delete("c");
  while (!delivered.has("c")) await new Promise((r) => setImmediate(r));
}
console.log(
  [...agg]
    .sort((a, b) => b[1][0] - a[1][0])
    .slice(0, 25)
    .map(
      ([k, [t, n]]) => `${((t / 1500) * 1000).toFixed(0).padStart(5)}µs/msg ${String(n).padStart(5)}x ${k}`,
    )
    .join("\n"),
);
await bot.stop();
await db.destroy();

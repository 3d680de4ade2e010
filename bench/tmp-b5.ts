import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { systemClock } from "../bot/clock.js";
import { createPipeline } from "../bot/pipeline.js";
import { COMMANDS } from "../commands/index.js";
import { openDb } from "../storage/db.js";
import { loadDemoData } from "../storage/demo-data.js";
import { createPhotoStore } from "../storage/photo-store.js";

const dir = mkdtempSync(join(tmpdir(), "b5-"));
const db = await openDb({ sqlitePath: join(dir, "b.sqlite") });
await loadDemoData(db, new Date());
const p = createPipeline({
  db,
  photos: createPhotoStore(dir),
  clock: systemClock,
  settings: { campaignYear: 2026, botName: "x" },
  log: pino({ level: "silent" }),
  commands: COMMANDS,
});
const N = 3000;
const msgs = Array.from({ length: N }, (_, i) => ({
  platform: "console",
  messageId: randomUUID(),
  chat: { id: `c${i % 16}`, kind: "group" as const },
  sender: { id: "张三" },
  kind: "text" as const,
  text: `上报\n企业名称：测试塑料${i}厂\n所在村组：黄河村\n企业类型：小散乱污\n企业规模：3人\n原辅材料：废旧塑料\n涉水涉气：涉气\n有无手续：无\n整治要求：限期拆除\n整治期限：12月31日\n分包责任人：张三`,
  receivedAt: new Date(),
}));
let t = performance.now();
for (const m of msgs) await p.receive(m);
const tStore = performance.now() - t;
t = performance.now();
await p.idle();
console.log(
  "store only",
  ((N / tStore) * 1000).toFixed(0),
  "/s; handle",
  ((N / (performance.now() - t)) * 1000).toFixed(0),
  "/s",
);
await db.destroy();
const T = (globalThis as any).__sqlTimes as Map<string, [number, number]>;
console.log(
  [...T]
    .sort((a, b) => b[1][0] - a[1][0])
    .slice(0, 15)
    .map(
      ([k, [t, n]]) =>
        `${((t / N) * 1000).toFixed(0).padStart(5)}µs/msg ${String(n).padStart(5)}x ${k.slice(0, 80)}`,
    )
    .join("\n"),
);

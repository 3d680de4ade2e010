import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { importLedger1IntoDb } from "../reports/ledger/ledger1-import-db.js";
import { createRepos } from "../storage/repos.js";
import { bigLedger } from "../test/helpers/big-ledger.js";
import { startBenchBot } from "./bench-bot.js";
import { percentile } from "./stats.js";

/** What one phase saw: the longest event-loop stall and how long another person's 进度 took. */
interface Phase {
  maxStallMs: number;
  progressP50Ms: number;
  progressP99Ms: number;
  progressMaxMs: number;
  queries: number;
  seconds: number;
}

export interface ImportStall {
  rows: number;
  created: number;
  /** No import running (same bot, same run). */
  quiet: Phase;
  /** While the import runs. */
  importing: Phase;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 13: a town's ledger of `rows` enterprises imported while another chat asks 进度 50 ms after
 * each answer.
 * Measured in one bot: the longest event-loop stall (monitorEventLoopDelay) and the 进度 reply time,
 * first with nothing else running, then while the import runs. `old` runs the import as the bot did
 * before (importLedger1IntoDb: parsed on the main thread, one transaction), beside the same bot;
 * `new` sends the file to the bot (a file job: parsed in a worker thread, stored in chunks).
 */
export async function benchImportStall(mode: "old" | "new", rows = 19_990): Promise<ImportStall> {
  const xlsx = await bigLedger(rows, { year: 2026, badEvery: 1000 });
  let imported: (text: string) => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    imported = resolve;
  });
  const { bot, db, nextReply } = await startBenchBot("console", (target, message) => {
    if (
      target.chatId === "bench-import" &&
      message.kind === "text" &&
      message.text.startsWith("台账导入完成")
    )
      imported(message.text);
  });
  /** 进度 as sent at `t0`: a message that arrived while the loop was stalled waited from then. */
  const ask = async (t0 = performance.now()) => {
    const replied = nextReply("bench-other");
    await bot.pipeline.receive({
      platform: "console",
      messageId: randomUUID(),
      chat: { id: "bench-other", kind: "group" },
      sender: { id: "张三" },
      kind: "text",
      text: "进度",
      receivedAt: new Date(),
    });
    return (await replied) - t0;
  };
  /**
   * Asks 进度 until `until` settles (or for `until` ms: the quiet phase runs about as long as an
   * import, so both see the same share of a shared machine's hiccups); watches the event loop meanwhile.
   */
  async function phase(until: Promise<unknown> | number): Promise<Phase> {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const t0 = performance.now();
    let over = false;
    if (typeof until !== "number") void until.finally(() => (over = true));
    const latencies: number[] = [];
    while (typeof until === "number" ? performance.now() - t0 < until : !over) {
      // Sent 50 ms after the last answer, as the person meant to: timed from then, not from when a
      // stalled loop got round to it (else a stall would hide between two questions).
      const meant = performance.now() + 50;
      await sleep(50);
      latencies.push(await ask(meant));
    }
    loop.disable();
    return {
      maxStallMs: loop.max / 1e6,
      progressP50Ms: percentile(latencies, 50),
      progressP99Ms: percentile(latencies, 99),
      progressMaxMs: Math.max(...latencies),
      queries: latencies.length,
      seconds: (performance.now() - t0) / 1000,
    };
  }

  for (let i = 0; i < 5; i++) await ask(); // warm up
  const quiet = await phase(15_000);
  let importing: Phase;
  if (mode === "old") {
    const town = await createRepos(db).towns.byName("古荥镇");
    if (!town) throw new Error("demo data has no 古荥镇");
    const run = importLedger1IntoDb(db, xlsx, {
      town,
      personId: null,
      now: new Date().toISOString(),
      today: "2026-03-01",
      campaignYear: 2026,
      fileName: "bench.xlsx",
    });
    importing = await phase(run);
  } else {
    await bot.pipeline.receive({
      platform: "console",
      messageId: randomUUID(),
      chat: { id: "bench-import", kind: "group" },
      sender: { id: "李四" },
      kind: "file",
      media: { bytes: xlsx, fileName: "古荥镇台账.xlsx" },
      receivedAt: new Date(),
    });
    importing = await phase(done);
  }
  const created = Number((await db("enterprises").count({ n: "*" }).first())?.n);
  await bot.stop();
  await db.destroy();
  return { rows, created, quiet, importing };
}

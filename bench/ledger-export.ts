import { Writable } from "node:stream";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { addDays } from "../domain/dates.js";
import type { Enterprise } from "../domain/enterprise.js";
import { REQUIREMENTS, WATER_AIR } from "../domain/enums.js";
import { STATE_PATHS } from "../domain/transitions.js";
import { buildLedger1Xlsx, streamLedger1Xlsx } from "../reports/ledger/ledger1-xlsx.js";

/** Figures of one run, for `npm run bench`. */
export interface LedgerExportBench {
  /** `ms` is wall time; `cpuMs` is this process's CPU time, which a busy machine does not inflate. */
  normal: { rows: number; ms: number; cpuMs: number; bytes: number; targetMs: number; withinTarget: boolean };
  streaming: {
    rows: number;
    ms: number;
    cpuMs: number;
    bytes: number;
    /** Peak resident set size and heap sampled while writing, and their growth over the start. */
    peakRssMb: number;
    peakHeapUsedMb: number;
    rssGrowthMb: number;
    heapGrowthMb: number;
  };
}

const MB = 1024 * 1024;
const cpuMs = (u: NodeJS.CpuUsage) => Math.round((u.user + u.system) / 1000);

function sampleEnterprise(i: number): Enterprise {
  const requirement = REQUIREMENTS[i % 3]!;
  const finished = i % 4 === 0;
  const reportedOn = addDays("2017-02-01", i % 27);
  return {
    id: i + 1,
    caseNo: `HJ-${String(i + 1).padStart(6, "0")}`,
    townId: 1,
    townName: "花园口镇",
    name: `郑州市惠济区第${i + 1}号塑料制品加工厂`,
    village: `八堡村${(i % 9) + 1}组`,
    type: i % 5 === 0 ? "八小" : "小散乱污",
    scale: `约${(i % 40) + 2}人`,
    materials: "废塑料、油墨、胶粘剂",
    waterAir: WATER_AIR[i % 4]!,
    permits: i % 3 === 0 ? "不全" : "无",
    requirement,
    deadline: addDays(reportedOn, 45),
    responsible: ["张伟", "李娜", "王强", "赵敏"][i % 4]!,
    remarks: i % 7 === 0 ? "群众举报线索（12369）" : null,
    state: finished ? STATE_PATHS[requirement].finished : STATE_PATHS[requirement].working,
    finishedOn: finished ? addDays(reportedOn, 20) : null,
    closedAt: finished && i % 8 === 0 ? `${addDays(reportedOn, 25)}T08:00:00.000Z` : null,
    reopenCount: 0,
    reopenedAt: null,
    withdrawnAt: null,
    withdrawReason: null,
    siteLat: null,
    siteLng: null,
    reportedAt: `${reportedOn}T02:00:00.000Z`,
    reportedOn,
    reportedBy: null,
    updatedAt: `${reportedOn}T02:00:00.000Z`,
  };
}

/**
 * Ledger 1 export: 10,000 rows with the in-memory writer (target < 3 s) and 100,000 rows with the
 * streaming writer into a byte-counting sink, sampling memory while it writes.
 */
export async function benchLedgerExport(
  opts: { normalRows?: number; streamingRows?: number } = {},
): Promise<LedgerExportBench> {
  const normalRows = opts.normalRows ?? 10_000;
  const streamingRows = opts.streamingRows ?? 100_000;

  const enterprises = Array.from({ length: normalRows }, (_, i) => sampleEnterprise(i));
  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const xlsx = await buildLedger1Xlsx({ town: "花园口镇", date: "2017-03-23", enterprises });
  const normalMs = performance.now() - t0;
  const normalCpu = cpuMs(process.cpuUsage(cpu0));

  globalThis.gc?.();
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  // Rows come as they would from a database cursor: in batches, with the event loop free in between.
  async function* rows(): AsyncGenerator<Enterprise> {
    for (let i = 0; i < streamingRows; i++) {
      if (i % 1000 === 0) {
        sample();
        await yieldToLoop();
      }
      yield sampleEnterprise(i);
    }
  }
  const timer = setInterval(sample, 20);
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  const written = await streamLedger1Xlsx({ town: "花园口镇", date: "2017-03-23" }, rows(), sink);
  const streamingMs = performance.now() - t0;
  const streamingCpu = cpuMs(process.cpuUsage(cpu0));
  clearInterval(timer);
  sample();

  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    normal: {
      rows: normalRows,
      ms: Math.round(normalMs),
      cpuMs: normalCpu,
      bytes: xlsx.length,
      targetMs: 3000,
      withinTarget: normalMs < 3000,
    },
    streaming: {
      rows: written,
      ms: Math.round(streamingMs),
      cpuMs: streamingCpu,
      bytes,
      peakRssMb: round(peakRss / MB),
      peakHeapUsedMb: round(peakHeap / MB),
      rssGrowthMb: round((peakRss - start.rss) / MB),
      heapGrowthMb: round((peakHeap - start.heapUsed) / MB),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchLedgerExport(), null, 2));
}

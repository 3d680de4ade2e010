import { execFile } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { fixedClock } from "../base/clock.js";
import { createLedgerService } from "../reports/ledger/ledger-service.js";
import { openDb } from "../storage/db.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";
import { seedEnterprises, seedTowns } from "./seed-district.js";

/** One size's figures, measured in a process of its own so its peak RSS is its own. */
export interface ArchiveRun {
  enterprises: number;
  ms: number;
  cpuMs: number;
  zipMb: number;
  /** RSS when the archive started (database seeded, fonts not yet read), and the peak while writing. */
  startRssMb: number;
  peakRssMb: number;
  growthMb: number;
  /** Heap still in use after the archive, after a full collection: what the run kept. */
  heapRetainedMb: number;
}

export interface DistrictArchiveBench {
  small: ArchiveRun;
  large: ArchiveRun;
  /** Peak RSS growth of the large run over the small one's: ≈ 1 when memory does not follow the count. */
  growthRatio: number;
}

const MB = 1024 * 1024;
const PHOTO_EVERY = 50;

/** Seeds `n` enterprises over 8 towns (a photo on every 50th), writes the archive to disk, measures. */
async function runOnce(n: number): Promise<ArchiveRun> {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-archive-bench-"));
  try {
    const db = await openDb({ sqlitePath: join(dir, "bench.sqlite") });
    const towns = await seedTowns(db, 8);
    await seedEnterprises(db, towns, n, 2017);
    const photos = createPhotoStore(join(dir, "photos"));
    const r = createRepos(db);
    const ids: { id: number }[] = await db("enterprises").select("id").orderBy("id");
    for (const [i, { id }] of ids.entries()) {
      if (i % PHOTO_EVERY) continue;
      const jpeg = await sharp({
        create: { width: 1600, height: 1200, channels: 3, background: { r: i % 255, g: 120, b: 60 } },
      })
        .jpeg()
        .toBuffer();
      const stored = await photos.put(jpeg);
      await r.photos.record(stored, "2017-03-01T02:00:00.000Z");
      await r.photos.attach({
        enterpriseId: id,
        sha256: stored.sha256,
        personId: null as unknown as number,
        inboundId: null,
        at: "2017-03-01T02:00:00.000Z",
      });
    }
    const service = createLedgerService({
      db,
      photos,
      clock: fixedClock("2017-08-29T02:00:00.000Z"),
      campaignYear: 2017,
    });
    globalThis.gc?.();
    const start = process.memoryUsage().rss;
    const startHeap = process.memoryUsage().heapUsed;
    let peak = start;
    const peaks = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss);
      for (const k of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[k] = Math.max(peaks[k], m[k]);
    }, 25);
    const file = join(dir, "archive.zip");
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await service.districtArchive(createWriteStream(file));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    globalThis.gc?.();
    const retained = process.memoryUsage().heapUsed - startHeap;
    await db.destroy();
    const round = (v: number) => Math.round(v * 10) / 10;
    return {
      enterprises: result.enterprises,
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      zipMb: round(statSync(file).size / MB),
      startRssMb: round(start / MB),
      peakRssMb: round(peak / MB),
      growthMb: round((peak - start) / MB),
      heapRetainedMb: round(retained / MB),
      ...(process.env.BENCH_DETAIL
        ? { peaks: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, round(v / MB)])) }
        : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * 档案 全区 at `large` enterprises and at a tenth of it, each in a fresh process: the archive streams
 * one dossier at a time, so its peak memory should not grow with the number of enterprises.
 */
export async function benchDistrictArchive(large: number): Promise<DistrictArchiveBench> {
  const child = async (n: number): Promise<ArchiveRun> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--expose-gc", "--import", "tsx", new URL(import.meta.url).pathname, String(n)],
      { maxBuffer: 1 << 20, timeout: 3_600_000 },
    );
    return JSON.parse(stdout.trim().split("\n").pop()!) as ArchiveRun;
  };
  const small = await child(Math.max(1, Math.round(large / 10)));
  const big = await child(large);
  return { small, large: big, growthRatio: big.growthMb / Math.max(1, small.growthMb) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  console.log(JSON.stringify(await runOnce(n)));
}

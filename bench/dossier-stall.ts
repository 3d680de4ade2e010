import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import sharp from "sharp";
import { fixedClock } from "../base/clock.js";
import { createLedgerService } from "../reports/ledger/ledger-service.js";
import { openDb } from "../storage/db.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";
import { seedEnterprises, seedTowns } from "./seed-district.js";

export interface DossierStall {
  enterprises: number;
  ms: number;
  /** Longest event-loop stall while the town's dossiers were built (the second time: modules loaded). */
  maxStallMs: number;
  /** The same, the first time in the process (exceljs, pdfkit and the fonts loaded on the way). */
  coldMaxStallMs: number;
  /** The same watch over as long a time with nothing running (same process, same run). */
  quietMaxStallMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 13, 档案 镇名: a town of `perTown` enterprises (a 1600×1200 photo on every fifth) built as its
 * .zip of PDF dossiers, as the file job does, while the event loop is watched (monitorEventLoopDelay):
 * once cold (the other town first: modules and fonts load on the way), then warm.
 */
export async function benchDossierStall(perTown = 100): Promise<DossierStall> {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-dossier-stall-"));
  try {
    const db = await openDb({ sqlitePath: join(dir, "bench.sqlite") });
    const towns = await seedTowns(db, 2);
    await seedEnterprises(db, towns, perTown * 2, 2017);
    const photos = createPhotoStore(join(dir, "photos"));
    const r = createRepos(db);
    const ids: { id: number }[] = await db("enterprises").select("id").orderBy("id");
    for (const [i, { id }] of ids.entries()) {
      if (i % 5) continue;
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
    const cold = monitorEventLoopDelay({ resolution: 5 });
    cold.enable();
    await service.townDossiers(towns[1]!.name);
    cold.disable();
    const watch = monitorEventLoopDelay({ resolution: 5 });
    watch.enable();
    const t0 = performance.now();
    const archive = await service.townDossiers(towns[0]!.name);
    const ms = performance.now() - t0;
    watch.disable();
    const quiet = monitorEventLoopDelay({ resolution: 5 });
    quiet.enable();
    await sleep(ms);
    quiet.disable();
    await db.destroy();
    return {
      enterprises: archive.count,
      ms,
      maxStallMs: watch.max / 1e6,
      coldMaxStallMs: cold.max / 1e6,
      quietMaxStallMs: quiet.max / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

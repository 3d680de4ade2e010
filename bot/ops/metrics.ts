import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { Clock } from "../../base/clock.js";
import type { Db } from "../../storage/db.js";
import { readOpsStats } from "../../storage/ops-stats-repo.js";
import type { Platform } from "../platform.js";

const OUTBOX_STATES = ["pending", "sending", "failed"] as const;
const INBOUND_STATES = ["pending", "done", "failed"] as const;

/**
 * The bot's Prometheus metrics (prom-client), read fresh at each scrape from the database and the
 * platforms' status, plus the process's own (memory, CPU, event-loop lag). docs/operations.md lists
 * them with what to alert on.
 *
 * @example
 *   const metrics = createMetrics({ db, clock, platforms: () => bot.platforms.values(), openAlerts });
 *   res.end(await metrics.scrape());
 */
export function createMetrics(o: {
  db: Db;
  clock: Clock;
  platforms: () => Iterable<Platform>;
  /** Operator alerts open now, by kind. */
  openAlerts?: () => Promise<{ kind: string }[]>;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const inbound = gauge(
    "huanbao_inbound_messages",
    "Inbound messages by status (pending = stored, not yet handled; awaiting_media = its photo still to fetch)",
    ["status"],
  );
  const outbox = gauge("huanbao_outbox_messages", "Outbound messages not sent yet, by platform and status", [
    "platform",
    "status",
  ]);
  const oldest = gauge(
    "huanbao_outbox_oldest_pending_age_seconds",
    "Age of the oldest unsent (pending or sending) message per platform",
    ["platform"],
  );
  const up = gauge("huanbao_platform_up", "1 when the platform reaches its chat service, else 0", [
    "platform",
  ]);
  const since = gauge(
    "huanbao_platform_state_seconds",
    "Seconds the platform has been in its current state (up or down)",
    ["platform"],
  );
  const runs = gauge(
    "huanbao_scheduled_runs",
    "Scheduled runs by job and status (done, failed, missed, claimed)",
    ["job", "status"],
  );
  const photos = gauge("huanbao_photos_stored", "Photos in the photo store's records");
  const alerts = gauge("huanbao_operator_alerts_open", "Operator alerts open now, by kind", ["kind"]);

  async function refresh(): Promise<void> {
    const stats = await readOpsStats(o.db);
    const now = o.clock.now().getTime();
    for (const g of [inbound, outbox, oldest, up, since, runs, alerts]) g.reset();
    for (const s of INBOUND_STATES) inbound.set({ status: s }, stats.inbound[s] ?? 0);
    const names = new Set<string>();
    for (const p of o.platforms()) {
      const s = p.status();
      names.add(p.name);
      up.set({ platform: p.name }, s.connected ? 1 : 0);
      since.set({ platform: p.name }, Math.max(0, (now - s.since.getTime()) / 1000));
    }
    for (const r of stats.outbox) names.add(r.platform);
    // Every platform shows every state, 0 included, so a rate or an alert rule never sees a gap.
    for (const platform of names) {
      for (const status of OUTBOX_STATES) outbox.set({ platform, status }, 0);
      oldest.set({ platform }, 0);
    }
    const ages = new Map<string, number>();
    for (const r of stats.outbox) {
      outbox.set({ platform: r.platform, status: r.status }, r.count);
      if (r.status === "failed" || !r.oldestCreatedAt) continue;
      const age = Math.max(0, (now - Date.parse(r.oldestCreatedAt)) / 1000);
      ages.set(r.platform, Math.max(ages.get(r.platform) ?? 0, age));
    }
    for (const [platform, age] of ages) oldest.set({ platform }, age);
    for (const r of stats.jobRuns) runs.set({ job: r.job, status: r.status }, r.count);
    photos.set(stats.photos);
    const open = (await o.openAlerts?.()) ?? [];
    for (const a of open) alerts.inc({ kind: a.kind });
  }

  return {
    registry,
    contentType: registry.contentType,
    /** The text a Prometheus scrape gets. */
    async scrape(): Promise<string> {
      await refresh();
      return registry.metrics();
    },
  };
}

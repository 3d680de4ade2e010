import { statfs } from "node:fs/promises";
import type { Logger } from "pino";
import type { Clock } from "../../base/clock.js";
import { durationText, platformName } from "../../scheduler/alerts/alert-text.js";
import type { OperatorAlerts } from "../../scheduler/alerts/operator-alerts.js";
import type { Platform } from "../platform.js";

export interface OpsWatchOptions {
  platforms: () => Iterable<Platform>;
  alerts: OperatorAlerts;
  clock: Clock;
  log: Logger;
  /** A platform down this long is an incident (ALERT_PLATFORM_DOWN_MINUTES). */
  platformDownMs: number;
  /** The data folder's disk: an incident when less than this share of it is free. */
  disk?: { path: string; minFreePercent: number };
}

/**
 * Looks every half minute at what the operator must hear about without anyone asking: a platform
 * down for longer than allowed, the data disk nearly full. Each becomes an operator alert (told once)
 * and is resolved when it is over. Replies given up and failed pushes are raised where they happen.
 *
 * @example
 *   const watch = createOpsWatch({ platforms, alerts: bot.alerts, clock, log, platformDownMs: 600_000,
 *     disk: { path: "data", minFreePercent: 10 } });
 *   watch.start(); … await watch.stop();
 */
export function createOpsWatch(o: OpsWatchOptions) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function checkPlatforms(): Promise<void> {
    const now = o.clock.now().getTime();
    for (const p of o.platforms()) {
      const s = p.status();
      const name = platformName(p.name);
      if (s.connected) {
        await o.alerts.resolve("platform-down", p.name, `${name}已恢复连接。`);
        continue;
      }
      const down = now - s.since.getTime();
      if (down < o.platformDownMs) continue;
      await o.alerts.raise({
        kind: "platform-down",
        subject: p.name,
        title: `${name}连接中断`,
        since: s.since,
        detail: `已中断 ${durationText(down)}：${s.reason ?? "原因不明"}。期间该平台的消息收不到、回复发不出（回复会在恢复后补发）。`,
      });
    }
  }

  async function checkDisk(): Promise<void> {
    if (!o.disk) return;
    const fs = await statfs(o.disk.path);
    const freePercent = (fs.bavail / fs.blocks) * 100;
    const freeGb = (fs.bavail * fs.bsize) / 1024 ** 3;
    const said = `剩余 ${freePercent.toFixed(1)}%（${freeGb.toFixed(1)} GB）`;
    if (freePercent < o.disk.minFreePercent) {
      await o.alerts.raise({
        kind: "disk-low",
        subject: o.disk.path,
        title: "数据磁盘空间不足",
        detail: `${o.disk.path} 所在磁盘${said}。磁盘写满后消息和照片将无法保存：请清理旧备份和日志，或扩容。`,
      });
    } else {
      await o.alerts.resolve("disk-low", o.disk.path, `现${said}。`);
    }
  }

  /** One look at everything; a failure of one check is logged and does not stop the others. */
  async function check(): Promise<void> {
    for (const [what, run] of [
      ["platforms", checkPlatforms],
      ["disk", checkDisk],
    ] as const) {
      await run().catch((err) => o.log.error({ err, check: what }, "ops watch: check failed"));
    }
  }

  return {
    check,
    start(intervalMs = 30_000): void {
      const tick = () => {
        running = check().finally(() => {
          running = undefined;
          if (timer) timer = setTimeout(tick, intervalMs);
        });
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import type { Bot } from "../bot/create-bot.js";
import { createMetrics } from "../bot/ops/metrics.js";
import { startOpsServer } from "../bot/ops/ops-server.js";
import { createOpsWatch } from "../bot/ops/ops-watch.js";
import type { Platform } from "../bot/platform.js";
import type { Config } from "./config.js";

/**
 * The operator's side of a running bot: the /healthz + /metrics endpoint (unless OPS_PORT=off) and
 * the watch that alerts the 管理员 about a platform down too long or a disk nearly full.
 */
export async function startOps(
  config: Config,
  o: { bot: Bot; platforms: readonly Platform[]; clock: Clock; log: Logger },
) {
  // The platforms this run is meant to have, started or not: one still connecting is "down".
  const platforms = () => o.platforms;
  const log = o.log.child({ part: "ops" });
  const server =
    config.OPS_PORT === "off"
      ? undefined
      : await startOpsServer({
          host: config.OPS_HOST,
          port: config.OPS_PORT,
          db: o.bot.db,
          platforms,
          metrics: createMetrics({
            db: o.bot.db,
            clock: o.clock,
            platforms,
            openAlerts: () => o.bot.alerts.open(),
          }),
          log,
        });
  const watch = createOpsWatch({
    platforms,
    alerts: o.bot.alerts,
    clock: o.clock,
    log,
    platformDownMs: config.ALERT_PLATFORM_DOWN_MINUTES * 60_000,
    disk: { path: config.DATA_DIR, minFreePercent: config.ALERT_DISK_MIN_FREE_PERCENT },
  });
  watch.start();
  return {
    port: server?.port,
    async stop(): Promise<void> {
      await watch.stop();
      await server?.close();
    },
  };
}

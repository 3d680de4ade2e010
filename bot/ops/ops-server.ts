import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { guardHandler, HttpError } from "../../base/http-guard.js";
import type { Db } from "../../storage/db.js";
import type { Platform } from "../platform.js";
import { checkHealth } from "./health.js";
import type { createMetrics } from "./metrics.js";

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  db: Db;
  platforms: () => Iterable<Platform>;
  metrics: ReturnType<typeof createMetrics>;
  log: Logger;
}

/**
 * The operator's HTTP endpoint, on its own port (OPS_HOST:OPS_PORT, loopback by default: keep it off
 * the internet): GET /healthz answers 200 or 503 with a JSON body saying why, GET /metrics the
 * Prometheus text format. Behind the shared HTTP guard, like every server of the bot.
 *
 * @example
 *   const ops = await startOpsServer({ host: "127.0.0.1", port: 9464, db, platforms, metrics, log });
 *   … await ops.close();
 */
export async function startOpsServer(o: OpsServerOptions) {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://ops.local").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, `method ${req.method}`);
    if (path === "/healthz") {
      const health = await checkHealth({ db: o.db, platforms: o.platforms() });
      if (!health.ok) o.log.warn({ reasons: health.reasons }, "health check: unhealthy");
      res.writeHead(health.ok ? 200 : 503, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
      });
      return void res.end(JSON.stringify({ status: health.ok ? "ok" : "unhealthy", ...health }));
    }
    if (path === "/metrics") {
      const text = await o.metrics.scrape();
      res.writeHead(200, { "content-type": o.metrics.contentType });
      return void res.end(text);
    }
    throw new HttpError(404, "no such page");
  };
  const server: Server = createServer(guardHandler("ops endpoint", o.log, handler));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  o.log.info({ host: o.host, port }, "ops endpoint listening (/healthz, /metrics)");
  return {
    port,
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

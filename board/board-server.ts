import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { guardHandler } from "../base/http-guard.js";
import type { ProofPolicy } from "../domain/photo-proof.js";
import { createBoardRepo } from "../storage/board-repo.js";
import type { Db } from "../storage/db.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { createBoardApp } from "./board-app.js";
import { createChangeFeed } from "./change-feed.js";
import type { BoardConfig } from "./config.js";

export interface BoardServerDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  log: Logger;
  config: BoardConfig;
  campaignYear: () => number;
  /** What a photo must be to prove completion (the bot's setting); the seed's defaults when unset. */
  proof?: ProofPolicy;
  /** How often open pages' change mark is read (default 2 s). */
  pollMs?: number;
}

export interface BoardServer {
  /** Where it listens, e.g. http://127.0.0.1:8788 (the port the OS gave when configured 0). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the web board on its own port, its handler behind the bot's one HTTP guard (errors answered
 * and logged, never the process's end).
 *
 * @example
 *   const board = await startBoardServer({ db, photos: bot.photos, clock, log, config, campaignYear });
 */
export async function startBoardServer(deps: BoardServerDeps): Promise<BoardServer> {
  const log = deps.log.child({ part: "board" });
  const feed = createChangeFeed({
    mark: () => createBoardRepo(deps.db).changeMark(),
    pollMs: deps.pollMs ?? 2000,
    onError: (error) => log.warn({ err: error }, "board change mark not read"),
  });
  const app = createBoardApp({ ...deps, log, feed });
  const server: Server = createServer(guardHandler("board", log, getRequestListener(app.fetch)));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.config.port, deps.config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${deps.config.host.includes(":") ? `[${deps.config.host}]` : deps.config.host}:${port}`;
  log.info({ url }, "web board listening");
  return {
    url,
    port,
    async stop() {
      feed.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { type BoardServer, startBoardServer } from "../board/board-server.js";
import type { BoardConfig } from "../board/config.js";
import type { BoardLinkSettings } from "../commands/context.js";
import type { ProofPolicy } from "../domain/photo-proof.js";
import type { Db } from "../storage/db.js";
import type { PhotoStore } from "../storage/photo-store.js";

/**
 * Starts the web board and fills in where its links point. In the try-out a busy port is no reason
 * to stop the bot: the board takes any free port and the links say which.
 */
export async function startBoard(
  deps: {
    db: Db;
    photos: PhotoStore;
    clock: Clock;
    log: Logger;
    campaignYear: () => number;
    proof?: ProofPolicy;
  },
  config: BoardConfig,
  links: BoardLinkSettings,
  tryOut: boolean,
): Promise<BoardServer> {
  let server: BoardServer;
  try {
    server = await startBoardServer({ ...deps, config });
  } catch (error) {
    if (!tryOut || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    deps.log.warn({ port: config.port }, "board port in use: the try-out's board takes a free port");
    server = await startBoardServer({ ...deps, config: { ...config, port: 0 } });
  }
  links.publicUrl = config.publicUrl ?? server.url;
  return server;
}

import { join } from "node:path";
import { fixedClock } from "../../base/clock.js";
import { type BoardServer, startBoardServer } from "../../board/board-server.js";
import type { BoardConfig } from "../../board/config.js";
import type { Db } from "../../storage/db.js";
import { createPhotoStore } from "../../storage/photo-store.js";
import { silentLog, startTestBot } from "./test-bot.js";

export const BOARD_SECRET = "test-secret-test-secret-test-secret-0123";
export const LINK_TTL_MS = 24 * 3_600_000;

/**
 * The bot (memory chat) and its web board on a real port of 127.0.0.1, over one database, one photo
 * store and one clock; the board reads its change mark every 50 ms.
 */
export async function startBotWithBoard(db: Db, dir: string, map: Partial<BoardConfig["map"]> = {}) {
  const clock = fixedClock("2017-03-01T02:00:00.000Z");
  const config: BoardConfig = {
    host: "127.0.0.1",
    port: 0,
    publicUrl: "",
    secret: BOARD_SECRET,
    linkTtlMs: LINK_TTL_MS,
    map: { subdomains: "abc", attribution: "", crs: "wgs84", ...map },
  };
  const board: BoardServer = await startBoardServer({
    db,
    photos: createPhotoStore(join(dir, "photos")),
    clock,
    log: silentLog,
    config,
    campaignYear: () => 2017,
    pollMs: 50,
  });
  const t = await startTestBot(db, dir, {
    clock,
    board: { publicUrl: board.url, secret: BOARD_SECRET, linkTtlMs: LINK_TTL_MS },
  });
  /** The link in a 看板 reply. */
  const linkIn = (reply: string) => {
    const m = /(http:\/\/\S+)/.exec(reply);
    if (!m) throw new Error(`no link in: ${reply}`);
    return m[1]!;
  };
  return { ...t, board, linkIn };
}

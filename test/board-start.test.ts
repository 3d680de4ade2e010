import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../app/config.js";
import { startBoard } from "../app/start-board.js";
import { fixedClock } from "../base/clock.js";
import type { BoardServer } from "../board/board-server.js";
import { boardConfig } from "../board/config.js";
import { createPhotoStore } from "../storage/photo-store.js";
import { freshDb } from "./helpers/databases.js";
import { silentLog } from "./helpers/test-bot.js";

describe("the board in the app's configuration", () => {
  test("on in the try-out, off in a deployment unless BOARD=on, which needs a secret and an address", () => {
    const tryOut = loadConfig({});
    expect(boardConfig(tryOut, true)).toMatchObject({ host: "127.0.0.1", port: 8788, linkTtlMs: 86_400_000 });
    expect(boardConfig(tryOut, false)).toBeUndefined();
    expect(boardConfig(loadConfig({ BOARD: "off" }), true)).toBeUndefined();
    expect(() => loadConfig({ BOARD: "on" })).toThrow(ConfigError);
    try {
      loadConfig({ BOARD: "on" });
    } catch (error) {
      expect((error as Error).message).toContain("BOARD_SECRET: BOARD=on 时必须设置");
      expect((error as Error).message).toContain("BOARD_PUBLIC_URL: BOARD=on 时必须填写看板的访问地址");
    }
    const on = loadConfig({
      BOARD: "on",
      BOARD_SECRET: "s".repeat(32),
      BOARD_PUBLIC_URL: "https://hb.example.org/board/",
      BOARD_LINK_HOURS: "8",
    });
    expect(boardConfig(on, false)).toMatchObject({
      publicUrl: "https://hb.example.org/board",
      linkTtlMs: 8 * 3_600_000,
    });
  });
});

describe("starting the board", () => {
  let started: BoardServer | undefined;
  const busy = createServer();
  afterEach(async () => {
    await started?.stop();
    await new Promise((r) => busy.close(r));
  });

  test("a busy port: the try-out takes a free one and its links say so; a deployment stops", async () => {
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
    const port = (busy.address() as { port: number }).port;
    const { db, dir } = await freshDb("sqlite");
    const config = { ...boardConfig(loadConfig({ BOARD_PORT: String(port) }), true)! };
    const deps = {
      db,
      photos: createPhotoStore(join(dir, "photos")),
      clock: fixedClock("2017-03-01T02:00:00.000Z"),
      log: silentLog,
      campaignYear: () => 2017,
    };
    const links = { publicUrl: "", secret: config.secret, linkTtlMs: config.linkTtlMs };
    await expect(startBoard(deps, config, { ...links }, false)).rejects.toMatchObject({ code: "EADDRINUSE" });
    started = await startBoard(deps, config, links, true);
    expect(started.port).not.toBe(port);
    expect(links.publicUrl).toBe(`http://127.0.0.1:${started.port}`);
    expect((await fetch(`${links.publicUrl}/`)).status).toBe(200);
    await db.destroy();
  });
});

import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { HEAVY_LIBRARIES } from "./helpers/heavy-libraries.js";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

/**
 * What a start loads decides how soon the bot answers /healthz and how much memory it holds idle
 * (issue 16: the bench's production-start rows). The libraries for charts, spreadsheets, PDFs, photos
 * and the platforms not configured load when first needed, not at start.
 */
test("a start with the console chat loads no chart, spreadsheet, PDF, photo or unused platform library", async () => {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-prod-start-"));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/helpers/start-and-list-modules.mjs", "main.ts"],
    {
      env: {
        ...process.env,
        DATA_DIR: dir,
        SQLITE_PATH: join(dir, "bot.sqlite"),
        DATABASE_URL: "",
        PLATFORMS: "",
        OPS_PORT: String(await freePort()),
        BOARD_PORT: "0",
        LOG_LEVEL: "warn",
      },
      // stdin stays open: the console chat takes its end as 退出.
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = /LOADED (\[.*\])/.exec(out);
  expect(line, out).not.toBeNull();
  const loaded = JSON.parse(line?.[1] ?? "[]") as string[];
  // The start itself works: the database, the log and the metrics are there.
  expect(loaded).toEqual(expect.arrayContaining(["better-sqlite3", "knex", "pino", "prom-client"]));
  expect(loaded.filter((p) => HEAVY_LIBRARIES.includes(p))).toEqual([]);
  expect(code).toBe(0);
}, 120_000);

import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { openDb } from "../storage/db.js";
import { loadDemoData } from "../storage/demo-data.js";
import { TEST_AIBOT } from "./fakes/wecom-test-apps.js";

// Issue 13: demo data on a WeCom-only bot must not leave console groups bound (every push to them failed).
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

async function chatsAndTowns(sqlitePath: string) {
  const db = await openDb({ sqlitePath });
  try {
    return {
      towns: Number((await db("towns").count({ n: "*" }).first())?.n),
      chats: await db("chats").select("platform", "external_id", "purpose"),
      consoleAccounts: Number(
        (await db("identities").where({ platform: "console" }).count({ n: "*" }).first())?.n,
      ),
    };
  } finally {
    await db.destroy();
  }
}

describe("demo data", () => {
  test("a WeCom-only bot loads the demo towns and people, no console groups or accounts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huanbao-demo-"));
    const sqlitePath = join(dir, "db.sqlite");
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: {
        ...process.env,
        SQLITE_PATH: sqlitePath,
        DATA_DIR: dir,
        DEMO_DATA: "auto",
        PLATFORMS: "",
        LOG_FILE: join(dir, "bot.log"),
        WECOM_AIBOT_TOKEN: TEST_AIBOT.token,
        WECOM_AIBOT_AES_KEY: TEST_AIBOT.aesKey,
        WECOM_CALLBACK_HOST: "127.0.0.1",
        WECOM_CALLBACK_PORT: "0",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // Started once the log says so; then stopped as a service manager would.
    const { readFile } = await import("node:fs/promises");
    const until = Date.now() + 30_000;
    while (
      Date.now() < until &&
      !(await readFile(join(dir, "bot.log"), "utf8").catch(() => "")).includes("bot started")
    )
      await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGTERM");
    expect(await exited, stderr).toBe(0);
    const seen = await chatsAndTowns(sqlitePath);
    expect(seen.towns).toBe(8);
    expect(seen.chats).toEqual([]);
    expect(seen.consoleAccounts).toBe(0);
  }, 60_000);

  test("with the console, the demo's console groups are bound to their towns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huanbao-demo-"));
    const db = await openDb({ sqlitePath: join(dir, "db.sqlite") });
    expect(await loadDemoData(db, new Date(), { console: true })).toBe(true);
    expect(await db("chats").where({ platform: "console" }).whereNotNull("purpose")).toHaveLength(4);
    expect(await loadDemoData(db, new Date(), { console: true })).toBe(false);
    await db.destroy();
  });
});

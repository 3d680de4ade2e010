import { spawn } from "node:child_process";
import { mkdtempSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { createLogDestination, logTarget } from "../app/log-destination.js";
import { createCallbackSender } from "./fakes/fake-wecom-callback.js";
import { TEST_AIBOT } from "./fakes/wecom-test-apps.js";

// Issue 13: a full log disk must not stall callbacks or end the process. /dev/full answers every
// write with ENOSPC, as a full disk does.
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a full log disk", () => {
  test("the bot started with its log on a full disk answers WeCom at once and stops cleanly", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huanbao-fulldisk-"));
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: {
        ...process.env,
        SQLITE_PATH: join(dir, "db.sqlite"),
        DATA_DIR: dir,
        DEMO_DATA: "no",
        PLATFORMS: "wecom",
        LOG_LEVEL: "debug",
        WECOM_AIBOT_TOKEN: TEST_AIBOT.token,
        WECOM_AIBOT_AES_KEY: TEST_AIBOT.aesKey,
        WECOM_CALLBACK_HOST: "127.0.0.1",
        WECOM_CALLBACK_PORT: String(port),
      },
      // The log (stdout, as under a service manager) goes to a disk that is full.
      stdio: ["ignore", openSync("/dev/full", "w"), "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    let exit: number | null | undefined;
    child.on("exit", (code) => {
      exit = code;
    });
    const sender = createCallbackSender({
      url: `http://127.0.0.1:${port}${TEST_AIBOT.path}`,
      token: TEST_AIBOT.token,
      encodingAesKey: TEST_AIBOT.aesKey,
      receiveId: "",
      tries: 1,
      timeoutMs: 2000,
    });
    try {
      let verified = false;
      const until = Date.now() + 20_000;
      while (!verified && exit === undefined && Date.now() < until) {
        verified = (await sender.verifyUrl("1288432023552776189")).status === 200;
        if (!verified) await new Promise((r) => setTimeout(r, 100));
      }
      expect(verified, `the bot never answered (exit ${exit}): ${stderr}`).toBe(true);
      for (let i = 0; i < 5; i++) {
        const delivery = await sender.postAibotJson({
          msgid: `full-disk-${i}`,
          aibotid: "AIBOT",
          chattype: "single",
          from: { userid: "zhangsan" },
          msgtype: "text",
          text: { content: "帮助" },
        });
        // Within WeCom's 5 s: nothing waits for the log.
        expect(delivery.attempts[0]?.status).toBe(200);
        expect(delivery.attempts[0]?.ms).toBeLessThan(5000);
      }
      expect(exit).toBeUndefined();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      expect(exit).toBe(0);
    } finally {
      if (exit === undefined) child.kill("SIGKILL");
    }
  }, 60_000);

  test("a destination on a full disk drops and counts lines, never throws", async () => {
    const dest = createLogDestination("/dev/full");
    for (let i = 0; i < 100; i++) dest.write(`{"msg":"line ${i}"}\n`);
    await new Promise<void>((resolve) => dest.flush(() => resolve()));
    expect(dest.dropped).toBe(100);
    // Paused after the failure: new lines are dropped without touching the disk.
    dest.write('{"msg":"later"}\n');
    expect(dest.dropped).toBe(101);
  });

  test("the console's log sits beside the database by default", () => {
    const config = { SQLITE_PATH: "/srv/huanbao/db/huanbao.sqlite", DATA_DIR: "data" };
    expect(logTarget(config, true)).toBe("/srv/huanbao/db/bot.log");
    expect(logTarget({ ...config, DATABASE_URL: "postgres://x" }, true)).toBe("data/bot.log");
    expect(logTarget(config, false)).toBe(1);
    expect(logTarget({ ...config, LOG_FILE: "/var/log/huanbao.log" }, true)).toBe("/var/log/huanbao.log");
  });
});

import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

/** The README's start command, as a new user runs it: npm start, the console chat, demo data. */
test("npm start opens the console chat with the demo data and answers", async () => {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-start-"));
  const child = spawn("npm", ["start", "--silent"], {
    env: {
      ...process.env,
      DATA_DIR: dir,
      SQLITE_PATH: join(dir, "db.sqlite"),
      PLATFORMS: "",
      LOG_LEVEL: "info",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d.toString();
  });
  child.stderr.on("data", (d) => {
    out += d.toString();
  });
  child.stdin.end("帮助\n进度 古荥镇\n");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  expect(out).toContain("张三（巡查员）可用指令");
  expect(out).toContain("古荥镇整治进度");
  expect(code).toBe(0);
}, 60_000);

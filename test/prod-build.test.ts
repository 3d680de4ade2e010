import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { HEAVY_LIBRARIES } from "./helpers/heavy-libraries.js";

/**
 * `npm run build` (app/build.mjs): the bot bundled by esbuild, as production runs it with plain node.
 * Built once into a folder inside the repository (node_modules is found from there, as from dist/).
 */
const root = join(import.meta.dirname, "..");
let out: string;

beforeAll(() => {
  mkdirSync(join(root, "tmp"), { recursive: true });
  out = mkdtempSync(join(root, "tmp", "build-"));
  execFileSync(process.execPath, ["app/build.mjs", out], { cwd: root, stdio: "pipe" });
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

function botEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(out, "data-"));
  return {
    ...process.env,
    DATA_DIR: dir,
    SQLITE_PATH: join(dir, "bot.sqlite"),
    DATABASE_URL: "",
    PLATFORMS: "",
    OPS_PORT: "off",
    BOARD_PORT: "0",
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** Runs a node command to its end with `input` on stdin; its exit code and everything it printed. */
async function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  input = "",
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
  let text = "";
  child.stdout.on("data", (d) => {
    text += d;
  });
  child.stderr.on("data", (d) => {
    text += d;
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, out: text };
}

test("the compiled bot answers in the console chat, reads a slip by its sound, and draws its wall chart with the bundled fonts", async () => {
  const env = botEnv();
  const { code, out: text } = await run(
    [join(out, "main.js")],
    env,
    "进度\n挂图\n@环保助手 古星这周柴了几家\n",
  );
  expect(text).toContain("整治进度");
  // A pinyin-input slip: the pinyin dictionary, loaded on first use, is found from the bundle.
  expect(text).toContain("我理解为：古荥镇 · 本周 · 拆除到位 · 数量");
  expect(text).toContain("挂图作战 · 古荥镇");
  const png = /\[图片\] (\S+\.png)/.exec(text)?.[1];
  expect(png, text).toBeDefined();
  // A PNG with the town's chart on it (a missing font would have been an error reply instead).
  const bytes = readFileSync(png ?? "");
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  expect(bytes.length).toBeGreaterThan(10_000);
  expect(code).toBe(0);
}, 120_000);

test("a compiled start with the console chat loads no chart, spreadsheet, PDF, photo or unused platform library", async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ["test/helpers/start-and-list-modules.mjs", join(out, "main.js")], {
    cwd: root,
    env: botEnv({ OPS_PORT: String(port) }),
    // stdin stays open: the console chat takes its end as 退出.
    stdio: ["pipe", "pipe", "pipe"],
  });
  let text = "";
  child.stdout.on("data", (d) => {
    text += d;
  });
  child.stderr.on("data", (d) => {
    text += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const line = /LOADED (\[.*\])/.exec(text);
  expect(line, text).not.toBeNull();
  const loaded = JSON.parse(line?.[1] ?? "[]") as string[];
  // The native SQLite driver loads from node_modules; knex, pino, prom-client are inside the bundle.
  expect(loaded).toContain("better-sqlite3");
  expect(loaded.filter((p) => HEAVY_LIBRARIES.includes(p))).toEqual([]);
  expect(code).toBe(0);
}, 120_000);

test("an error in production names the TypeScript file and line it came from", async () => {
  // The data folder's parent is a file: opening the database fails, and the bot says where.
  const dir = mkdtempSync(join(out, "data-"));
  writeFileSync(join(dir, "file"), "");
  const { code, out: text } = await run(
    [join(out, "main.js")],
    botEnv({ SQLITE_PATH: join(dir, "file", "sub", "bot.sqlite") }),
  );
  expect(code).toBe(1);
  expect(text).toContain("ENOTDIR");
  expect(text).toMatch(/at openDb \(.*storage\/db\.ts:\d+:\d+\)/);
  expect(text).toMatch(/at main \(.*main\.ts:\d+:\d+\)/);
}, 120_000);

test("the compiled web board serves its own script and styles", async () => {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(out, "main.js")], {
    cwd: root,
    env: botEnv({ BOARD_PORT: String(port) }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  try {
    let res: Response | undefined;
    for (let i = 0; i < 3000 && !res; i++) {
      res = await fetch(`http://127.0.0.1:${port}/assets/board.js`).catch(() => undefined);
      if (!res) await new Promise((r) => setTimeout(r, 20));
    }
    expect(res?.status).toBe(200);
    expect(await res?.text()).toBe(readFileSync(join(root, "board/assets/board.js"), "utf8"));
    const css = await fetch(`http://127.0.0.1:${port}/assets/board.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toBe(readFileSync(join(root, "board/assets/board.css"), "utf8"));
  } finally {
    child.stdin?.end();
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("close", resolve)));
  }
}, 120_000);

test("the compiled bot's worker threads: a ledger read and a town's dossiers rendered off the main thread", async () => {
  const env = botEnv();
  const dir = env.DATA_DIR ?? "";
  const { bigLedger } = await import("./helpers/big-ledger.js");
  const xlsx = join(dir, "台账.xlsx");
  writeFileSync(xlsx, await bigLedger(3, { year: 2026 }));
  // The parse worker as the bundle's file job starts it (dist/lib/ledger-parse-worker.js, plain node).
  const script = `
    import { Worker } from "node:worker_threads";
    import { readFileSync } from "node:fs";
    const w = new Worker(${JSON.stringify(join(out, "lib", "ledger-parse-worker.js"))},
      { execArgv: [], workerData: { bytes: readFileSync(${JSON.stringify(xlsx)}), campaignYear: 2026 } });
    let rows = 0;
    w.on("message", (m) => {
      if (m.done) { console.log("rows", rows, m.done.town); process.exit(0); }
      if (m.rows) rows += m.rows.length;
      if (m.refused || m.failed) { console.log(JSON.stringify(m)); process.exit(1); }
      w.postMessage("more");
    });`;
  const parsed = await run(["--input-type=module", "-e", script], env);
  expect(parsed.out).toContain("rows 3 古荥镇");
  // 导入 then 档案 古荥镇 through the compiled command line: the PDFs come from dossier-pdf-worker.js.
  const cli = join(out, "app", "ledger-cli.js");
  await run([join(out, "main.js")], env, "进度\n");
  expect((await run([cli, "导入", xlsx, "--town", "古荥镇"], env)).out).toContain("新建 3 家");
  const zip = join(dir, "gy.zip");
  const dossiers = await run([cli, "档案", "古荥镇", "-o", zip], env);
  expect(dossiers.out).toContain("3 份一企一档");
  expect(dossiers.code).toBe(0);
}, 180_000);

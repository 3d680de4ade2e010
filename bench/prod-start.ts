import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** One way of starting, measured: to ready, and the memory it then holds while idle. */
export interface StartFigures {
  /** Median over the runs: spawn → /healthz (OPS_PORT) answers 200. */
  readyMs: number;
  /** VmRSS of the process that answers (the bot's node), 5 s after ready, median over the runs. */
  rssMb: number;
  /** VmRSS of every process the command started (npm, tsx's parent, the bot), summed. */
  treeRssMb: number;
}

export interface BenchStartResult {
  /** node answering 200 on a port with node:http: the floor any node service starts from. */
  baseline: StartFigures;
  compiled: StartFigures;
  compiledNpm: StartFigures;
  tsx: StartFigures;
}

const root = join(import.meta.dirname, "..");
const SETTLE_MS = 5000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

function vmRssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process and all its descendants (from /proc: pid → parent pid). */
function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of parents.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** The pid listening on the TCP port (from /proc/net/tcp and the tree's open sockets). */
function listener(tree: number[], port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ip:port; state 0A = LISTEN; inode is the 10th field.
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === "0A" && f[9]) inodes.add(f[9]);
    }
  }
  for (const pid of tree) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
          const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
          if (inode && inodes.has(inode)) return pid;
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // ended meanwhile
    }
  }
  return undefined;
}

async function untilHealthy(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ended before ready (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts `command` in its own process group, waits for /healthz, settles, reads memory, stops it all. */
async function measureOnce(command: string[], env: NodeJS.ProcessEnv): Promise<StartFigures> {
  const port = await freePort();
  const [file = "node", ...args] = command;
  const t0 = performance.now();
  const child = spawn(file, args, {
    cwd: root,
    env: { ...env, OPS_PORT: String(port), OPS_HOST: "127.0.0.1" },
    // stdin stays open: the console chat would take its end as 退出.
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  try {
    await untilHealthy(port, child, () => out);
    const readyMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const tree = child.pid ? processTree(child.pid) : [];
    const bot = listener(tree, port) ?? child.pid ?? 0;
    const treeKb = tree.reduce((a, p) => a + vmRssKb(p), 0);
    return { readyMs, rssMb: vmRssKb(bot) / 1024, treeRssMb: treeKb / 1024 };
  } finally {
    // The whole group: npm, tsx's parent and the bot.
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("close", resolve)));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function measure(command: string[], env: NodeJS.ProcessEnv, runs: number): Promise<StartFigures> {
  const all: StartFigures[] = [];
  for (let i = 0; i < runs; i++) all.push(await measureOnce(command, env));
  return {
    readyMs: median(all.map((f) => f.readyMs)),
    rssMb: median(all.map((f) => f.rssMb)),
    treeRssMb: median(all.map((f) => f.treeRssMb)),
  };
}

/**
 * Production start (issue 16): `node dist/main.js` (what `npm run start:prod` and the Dockerfile run),
 * the same through npm, and the try-out's `npm start` (tsx), on SQLite with the console chat and the
 * web board, against node answering HTTP with nothing loaded. The database is made (migrations, demo
 * data) by a first start that is not counted: the figures are a restart's. Builds dist/ first.
 */
export async function benchProdStart(runs = 3): Promise<BenchStartResult> {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "huanbao-start-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dir,
    SQLITE_PATH: join(dir, "bot.sqlite"),
    DATABASE_URL: "",
    PLATFORMS: "",
    LOG_LEVEL: "info",
  };
  try {
    const baseline = await measure(
      [
        process.execPath,
        "-e",
        "require('node:http').createServer((q, s) => s.end('ok')).listen(+process.env.OPS_PORT, '127.0.0.1')",
      ],
      env,
      runs,
    );
    await measureOnce([process.execPath, "dist/main.js"], env); // makes the database
    const compiled = await measure([process.execPath, "dist/main.js"], env, runs);
    const compiledNpm = await measure(["npm", "run", "start:prod", "--silent"], env, runs);
    const tsx = await measure(["npm", "start", "--silent"], env, runs);
    return { baseline, compiled, compiledNpm, tsx };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(await benchProdStart());
}

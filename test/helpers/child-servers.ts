import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The secret the child's Telegram webhook expects. */
export const TELEGRAM_SECRET = "child-secret-token";

const SCRIPT = fileURLToPath(new URL("./serve-platforms.ts", import.meta.url));

export interface ChildServers {
  ports: { wecom: number; telegram: number };
  /** Message ids the child stored, in order. */
  stored: string[];
  /** What the child wrote to stderr (its log). */
  log: () => string;
  /** Undefined while the process runs; its exit code or signal once it ended. */
  exited: () => string | undefined;
  stop: () => Promise<void>;
}

/**
 * Starts test/helpers/serve-platforms.ts in its own Node process (through tsx) and waits for its
 * ports: a request that ends the process shows as `exited()`, not as a crash of the test runner.
 */
export async function startChildServers(env: Record<string, string> = {}): Promise<ChildServers> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stored: string[] = [];
  let stderr = "";
  let exit: string | undefined;
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.on("exit", (code, signal) => {
    exit = signal ?? String(code);
  });
  const ports = await new Promise<ChildServers["ports"]>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString();
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith("READY ")) resolve(JSON.parse(line.slice(6)));
        if (line.startsWith("STORED ")) stored.push(line.slice(7));
        newline = buffered.indexOf("\n");
      }
    });
    child.on("exit", () => reject(new Error(`child servers ended before they were ready:\n${stderr}`)));
  });
  return {
    ports,
    stored,
    log: () => stderr,
    exited: () => exit,
    stop: async () => {
      if (exit !== undefined) return;
      const ended = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await ended;
    },
  };
}

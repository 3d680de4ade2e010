import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./bot-process.ts", import.meta.url));

export interface ChildBot {
  /** Writes lines to the console chat (each line one message). */
  say(...lines: string[]): void;
  /** Everything the bot printed so far (its replies). */
  output(): string;
  log(): string;
  /** Resolves when the text has been printed, or with "ended" if the process ends first (or "late"). */
  waitFor(text: string, deadlineMs?: number): Promise<"printed" | "ended" | "late">;
  /** Resolves once the bot has started (its platforms listen); rejects if it ended first. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal once the process ended. */
  ended: Promise<string>;
  kill(): Promise<string>;
}

/** Starts test/helpers/bot-process.ts (through tsx) with the given environment. */
export function startChildBot(env: Record<string, string>): ChildBot {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const l of listeners) l();
  });
  let started: () => void = () => undefined;
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes("READY\n")) started();
  });
  let exit: string | undefined;
  const ended = new Promise<string>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = signal ?? String(code);
      resolve(exit);
      for (const l of listeners) l();
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    started = resolve;
    void ended.then(() => reject(new Error(`the bot process ended before it started:\n${stderr}`)));
  });
  ready.catch(() => undefined);
  return {
    ready,
    say: (...lines) => child.stdin?.write(lines.map((l) => `${l.replace(/\n/g, "\\n")}\n`).join("")),
    output: () => stdout,
    log: () => stderr,
    waitFor: (text, deadlineMs = 120_000) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          resolve("late");
        }, deadlineMs);
        function check() {
          if (stdout.includes(text)) resolve("printed");
          else if (exit !== undefined) resolve("ended");
          else return;
          clearTimeout(timer);
          listeners.delete(check);
        }
        listeners.add(check);
        check();
      }),
    ended,
    kill: async () => {
      if (exit === undefined) child.kill("SIGKILL");
      return ended;
    },
  };
}

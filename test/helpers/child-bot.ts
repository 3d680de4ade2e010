import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./bot-process.ts", import.meta.url));

export interface ChildBot {
  /** Writes lines to the console chat (each line one message). */
  say(...lines: string[]): void;
  /** Everything the bot printed so far (its replies). */
  output(): string;
  log(): string;
  /** Resolves when the text has been printed, or with "ended" if the process ends first. */
  waitFor(text: string): Promise<"printed" | "ended">;
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
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  let exit: string | undefined;
  const ended = new Promise<string>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = signal ?? String(code);
      resolve(exit);
      for (const l of listeners) l();
    }),
  );
  return {
    say: (...lines) => child.stdin?.write(lines.map((l) => `${l.replace(/\n/g, "\\n")}\n`).join("")),
    output: () => stdout,
    log: () => stderr,
    waitFor: (text) =>
      new Promise((resolve) => {
        const check = () => {
          if (stdout.includes(text)) resolve("printed");
          else if (exit !== undefined) resolve("ended");
          else return;
          listeners.delete(check);
        };
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

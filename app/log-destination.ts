import { mkdirSync, openSync, write } from "node:fs";
import { dirname, join } from "node:path";

export interface LogDestination {
  /** pino's destination interface: one serialized line at a time. */
  write(line: string): void;
  /** Waits (at most `ms`) for the queued lines to be written; pino calls it on flush(). */
  flush(callback?: (error?: Error) => void, ms?: number): void;
  /** Lines given up on so far (disk full, queue over its bound). */
  readonly dropped: number;
}

const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/** After a failed write, lines are dropped for this long before the disk is tried again. */
const PAUSE_AFTER_FAILURE_MS = 5_000;

/**
 * Where pino writes, made so that logging never takes the bot down: lines are written asynchronously
 * (a slow or full disk never blocks a callback), at most 8 MB wait in memory, and a write that fails
 * (ENOSPC on a full disk, EIO, EBADF) drops its lines, pauses writing for 5 s and is counted — never
 * an 'error' event. pino's own file destination (sonic-boom) emits 'error' on ENOSPC, which ends the
 * process, and its exit hook retries a full disk forever. `target` is a file path (its folder is made)
 * or a file descriptor (1 = stdout).
 *
 * @example
 *   const log = pino({ level: "info" }, createLogDestination("data/bot.log"));
 */
export function createLogDestination(target: string | number, now: () => number = Date.now): LogDestination {
  let fd: number | undefined = typeof target === "number" ? target : undefined;
  let queue: string[] = [];
  let queued = 0;
  let writing = false;
  let pausedUntil = 0;
  let dropped = 0;
  let reportDrops = 0;
  let waiters: (() => void)[] = [];

  function open(): number | undefined {
    if (fd !== undefined) return fd;
    try {
      mkdirSync(dirname(target as string), { recursive: true });
      fd = openSync(target as string, "a");
    } catch {
      pausedUntil = now() + PAUSE_AFTER_FAILURE_MS;
    }
    return fd;
  }

  function giveUp(lines: number) {
    dropped += lines;
    reportDrops += lines;
  }

  function drain() {
    if (writing) return;
    if (queue.length === 0) {
      for (const w of waiters.splice(0)) w();
      return;
    }
    const handle = now() < pausedUntil ? undefined : open();
    if (handle === undefined) {
      giveUp(queue.length);
      queue = [];
      queued = 0;
      for (const w of waiters.splice(0)) w();
      return;
    }
    const lines = queue;
    queue = [];
    queued = 0;
    if (reportDrops > 0) {
      // Said once the disk takes lines again, so the gap in the log is explained.
      lines.unshift(
        `${JSON.stringify({ level: 40, time: now(), msg: "log lines dropped (disk full or not writable)", dropped: reportDrops })}\n`,
      );
      reportDrops = 0;
    }
    writeAll(handle, Buffer.from(lines.join("")), lines.length);
  }

  function writeAll(handle: number, bytes: Buffer, lines: number) {
    writing = true;
    write(handle, bytes, 0, bytes.length, null, (error, written) => {
      if (error) {
        writing = false;
        pausedUntil = now() + PAUSE_AFTER_FAILURE_MS;
        giveUp(lines);
        return drain();
      }
      if (written < bytes.length) return writeAll(handle, bytes.subarray(written), lines);
      writing = false;
      drain();
    });
  }

  return {
    write(line: string) {
      if (queued + line.length > MAX_QUEUED_BYTES || now() < pausedUntil) {
        giveUp(1);
        return;
      }
      queue.push(line);
      queued += line.length;
      // Written on the next turn: the lines of one callback go out in one write.
      if (queue.length === 1) setImmediate(drain);
    },
    flush(callback, ms = 1000) {
      if (!writing && queue.length === 0) return void callback?.();
      const timer = setTimeout(() => callback?.(), ms);
      waiters.push(() => {
        clearTimeout(timer);
        callback?.();
      });
      waiters = waiters.slice(-100);
    },
    get dropped() {
      return dropped;
    },
  };
}

/**
 * Where the log goes: LOG_FILE when set; with the console chat in the terminal, a file beside the
 * database (the SQLite file's folder, or DATA_DIR on PostgreSQL), so it does not cut into the chat
 * and an operator finds it where the data is; otherwise stdout (fd 1), for the service manager.
 */
export function logTarget(
  config: { LOG_FILE?: string; SQLITE_PATH: string; DATABASE_URL?: string; DATA_DIR: string },
  consoleRuns: boolean,
): string | number {
  if (config.LOG_FILE) return config.LOG_FILE;
  if (!consoleRuns) return 1;
  return join(config.DATABASE_URL ? config.DATA_DIR : dirname(config.SQLITE_PATH), "bot.log");
}

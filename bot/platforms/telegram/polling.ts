import type { Logger } from "pino";
import type { Update } from "telegraf/types";

export interface PollingOptions {
  /** One getUpdates call: long poll from `offset`, abortable. */
  getUpdates(offset: number, signal: AbortSignal): Promise<Update[]>;
  /** Resolves once the update is stored (safe to acknowledge); throws to be tried again. */
  handle(update: Update): Promise<void>;
  log: Pick<Logger, "info" | "warn" | "error">;
  onUp(): void;
  onDown(reason: string): void;
  /** Says why a getUpdates failed, in the operator's words (never with the token). */
  describe(error: unknown): string;
  /** At stop: tells Telegram the updates up to `offset` are handled (getUpdates with that offset). */
  confirm?(offset: number): Promise<void>;
  /** The longest wait between tries (default 60 s). */
  capMs?: number;
  /** Waits, unless the loop is stopped first. Tests pass a quicker one. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Long polling that never stops by itself. Unlike telegraf's, a 409 (another poller, a deploy
 * overlap) or a 401 is waited out with backoff and polling goes on; and an update is acknowledged
 * (the next offset asked for) only once every update of the batch is stored — a store that fails
 * is tried again with the update kept in memory, so a database hiccup loses nothing.
 *
 * @example
 *   const polling = startPolling({ getUpdates, handle, log, onUp, onDown });
 *   await polling.stop();
 */
export function startPolling(o: PollingOptions) {
  const stop = new AbortController();
  const sleep = o.sleep ?? abortableSleep;
  const cap = o.capMs ?? 60_000;
  let offset = 0;

  async function untilStored(update: Update): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await o.handle(update);
      } catch (error) {
        if (stop.signal.aborted) throw error;
        o.log.error(
          { err: error, updateId: update.update_id, attempt },
          "telegram update not stored yet; trying again before acknowledging it",
        );
        await sleep(Math.min(1000 * 2 ** attempt, cap), stop.signal);
      }
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stop.signal.aborted) {
      let updates: Update[];
      try {
        updates = await o.getUpdates(offset, stop.signal);
      } catch (error) {
        if (stop.signal.aborted) return;
        const code = (error as { response?: { error_code?: number } }).response?.error_code;
        const why = code === 409 ? "另一个进程在轮询或设置了 webhook（409）" : o.describe(error);
        const delay = Math.min(1000 * 2 ** failures++, cap);
        o.onDown(why);
        o.log.warn({ code, retryInMs: delay, why }, "telegram getUpdates failed; polling goes on");
        await sleep(delay, stop.signal);
        continue;
      }
      if (failures > 0) o.log.info({ failures }, "telegram polling back");
      failures = 0;
      o.onUp();
      try {
        await Promise.all(updates.map(untilStored));
      } catch {
        return; // stopped mid-batch: not acknowledged, so Telegram hands it over again at the next start
      }
      const last = updates[updates.length - 1];
      if (last) offset = last.update_id + 1;
    }
  }

  const running = loop();
  return {
    async stop(): Promise<void> {
      stop.abort();
      await running;
      if (offset > 0) await o.confirm?.(offset).catch(() => undefined);
    },
  };
}

/**
 * Tells open board pages that something changed. Every change to a case writes an audit record, so
 * the highest audit id is a mark that moves with every change, whichever instance of the bot made it
 * (several may share one database). The mark is read only while a page listens.
 */
export interface ChangeFeed {
  /** Calls `listener(mark)` on every change until the returned function is called. */
  subscribe(listener: (mark: number) => void): () => void;
  /** The current mark (for the first event a page gets). */
  current(): Promise<number>;
  stop(): void;
}

export function createChangeFeed(opts: {
  mark: () => Promise<number>;
  pollMs: number;
  onError?: (error: unknown) => void;
}): ChangeFeed {
  const listeners = new Set<(mark: number) => void>();
  let last: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const mark = await opts.mark();
      if (last !== undefined && mark !== last) for (const l of [...listeners]) l(mark);
      last = mark;
    } catch (error) {
      opts.onError?.(error);
    } finally {
      polling = false;
    }
  }

  function ensureTimer() {
    if (listeners.size > 0 && !timer) {
      timer = setInterval(() => void poll(), opts.pollMs);
      timer.unref();
    } else if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
      last = undefined;
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (last === undefined) void poll();
      ensureTimer();
      return () => {
        listeners.delete(listener);
        ensureTimer();
      };
    },
    current: () => opts.mark(),
    stop() {
      listeners.clear();
      ensureTimer();
    },
  };
}

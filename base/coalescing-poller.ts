export interface CoalescingPollerOptions {
  /**
   * One look at what is due and the work it finds. It should check `isStopped()` between items:
   * a stop does not interrupt a pass, it only keeps the next item (and the next pass) from starting.
   */
  pass(): Promise<void>;
  /** How often the timer kicks (work that nothing kicked: left by another process, a retry come due). */
  pollMs: number;
  /** A pass failed (the database is failing, say): said here; the poller goes on with the next kick. */
  onError(err: unknown): void;
  /**
   * Kicks before the first start() run nothing (true) or a pass at once (false, the default). A user
   * whose start does something first (the fetcher of pending media frees the holds of a last run)
   * waits for it.
   */
  waitForStart?: boolean;
}

export interface CoalescingPoller {
  /** Something may be due: look now, or once more after the pass under way. */
  kick(): void;
  /** Kicks now and every `pollMs` (the timer does not hold the process open). */
  start(): void;
  /**
   * Stops the timer and further passes; does not wait for the pass under way — each user decides
   * what is worth waiting for (not a platform that is down, not a database that is gone): idle().
   */
  stop(): void;
  /** Resolves when no pass is under way. */
  idle(): Promise<void>;
  /** Stopped (or not started yet with `waitForStart`): a pass ends before its next item. */
  isStopped(): boolean;
}

/**
 * One pass at a time, kicked by whoever queued work and by a timer. Kicks that come during a pass
 * coalesce into one more pass after it (the work they announce may have been queued after the pass
 * looked), never a second pass alongside it: a burst of a hundred messages costs two looks, not a
 * hundred, and no item is worked on twice at once in one process.
 */
export function coalescingPoller(o: CoalescingPollerOptions): CoalescingPoller {
  let running: Promise<void> | undefined;
  /** Kicked since the pass under way began looking. */
  let again = false;
  let stopped = o.waitForStart ?? false;
  let timer: NodeJS.Timeout | undefined;

  async function loop(): Promise<void> {
    while (again && !stopped) {
      again = false;
      try {
        await o.pass();
      } catch (err) {
        // Not retried at once (a failing database would be hammered): the next kick or tick tries.
        o.onError(err);
        return;
      }
    }
  }

  const kick = (): void => {
    again = true;
    running ??= loop().finally(() => {
      running = undefined;
    });
  };

  return {
    kick,
    start(): void {
      stopped = false;
      timer ??= setInterval(kick, o.pollMs);
      timer.unref();
      kick();
    },
    stop(): void {
      clearInterval(timer);
      timer = undefined;
      stopped = true;
    },
    async idle(): Promise<void> {
      while (running) await running;
    },
    isStopped: () => stopped,
  };
}

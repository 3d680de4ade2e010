import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import type { Db } from "../storage/db.js";
import { createOutboxRepo } from "../storage/outbox-repo.js";
import type { Platform } from "./platform.js";

export interface OutboxOptions {
  db: Db;
  platforms: () => ReadonlyMap<string, Platform>;
  clock: Clock;
  log: Logger;
  /** How often due messages are looked for when nothing kicks the dispatcher. */
  pollMs?: number;
  /** How long a claim lasts; a sender that dies mid-send is taken over after it. */
  leaseMs?: number;
  maxAttempts?: number;
}

/** Retry delay after n failed attempts: 1 s, 2 s, 4 s … up to 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** attempts, 300_000);
}

/**
 * Sends what the outbox holds, in order per target. Each message is claimed before it is sent and
 * marked after, so a crash or an outage loses nothing; an outage delays, then everything goes out.
 */
export function createOutboxDispatcher(o: OutboxOptions) {
  const repo = createOutboxRepo(o.db, {
    onUnreadable: (id, err) => o.log.error({ outbox: id, err }, "outbound message unreadable, set aside"),
  });
  const maxAttempts = o.maxAttempts ?? 8;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  async function drainOnce(): Promise<number> {
    const now = o.clock.now();
    const items = await repo.claimDue(
      now.toISOString(),
      new Date(now.getTime() + (o.leaseMs ?? 60_000)).toISOString(),
      100,
    );
    const blocked = new Set<string>();
    let sent = 0;
    for (const item of items) {
      const targetKey = JSON.stringify(item.target);
      const at = (ms: number) => new Date(o.clock.now().getTime() + ms).toISOString();
      if (blocked.has(targetKey)) {
        // Keep order: a later message to a target waits for the earlier one that failed.
        await repo.defer(item.id, at(0), "waiting for an earlier message to the same target");
        continue;
      }
      const platform = o.platforms().get(item.platform);
      try {
        if (!platform) throw new PlatformRequestError(`platform ${item.platform} is not running`);
        await platform.send(item.target, item.message);
        await repo.markSent(item.id, o.clock.now().toISOString());
        sent++;
      } catch (error) {
        blocked.add(targetKey);
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (error instanceof PlatformRefusedError && error.retryAfterMs !== undefined) {
          await repo.defer(item.id, at(error.retryAfterMs), reason);
        } else if (
          (error instanceof PlatformRequestError ||
            (error instanceof PlatformRefusedError && error.retryable)) &&
          item.attempts + 1 < maxAttempts
        ) {
          await repo.reschedule(item.id, at(backoffMs(item.attempts)), reason);
        } else {
          await repo.markFailed(item.id, reason);
          o.log.error({ outbox: item.id, key: item.key, reason }, "outbound message failed for good");
          continue;
        }
        o.log.warn({ outbox: item.id, reason }, "outbound message delayed");
      }
    }
    return sent;
  }

  /** Sends everything due now; resolves with how many went out. Concurrent calls share one run. */
  async function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await drainOnce();
        // Let requests and inbound messages in between rounds (the SQLite driver never yields).
        await new Promise((resolve) => setImmediate(resolve));
      } while (again);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  function tick() {
    if (stopped) return;
    drain()
      .catch((err) => o.log.error({ err }, "outbox drain failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.pollMs ?? 1000);
      });
  }

  return {
    drain,
    /** Something was queued: send it now rather than at the next poll. */
    kick() {
      if (!stopped) void drain().catch((err) => o.log.error({ err }, "outbox drain failed"));
    },
    start() {
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

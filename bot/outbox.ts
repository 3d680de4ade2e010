import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { PlatformRequestError } from "../base/errors.js";
import type { Db } from "../storage/db.js";
import { createFileJobsRepo } from "../storage/file-jobs-repo.js";
import { createInboundRepo } from "../storage/inbound-repo.js";
import { createOutboxRepo, type OutboxItem } from "../storage/outbox-repo.js";
import {
  DEFAULT_RETRY_POLICY,
  decideAfterFailure,
  describeError,
  isPlatformFailure,
  type RetryPolicy,
} from "./outbox-decision.js";
import type { Platform } from "./platform.js";
import { Semaphore } from "./semaphore.js";

export interface OutboxOptions {
  db: Db;
  platforms: () => ReadonlyMap<string, Platform>;
  clock: Clock;
  log: Logger;
  /** How often due messages are looked for when nothing kicks the dispatcher. */
  pollMs?: number;
  /** How long a claim lasts; a sender that dies mid-send is taken over after it. */
  leaseMs?: number;
  /** Longest a platform's send may take before the outbox treats it as unanswered. */
  sendTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** This instance's name: at start it takes back the claims it held when it last stopped. */
  owner?: string;
  /** Delivered messages (and handled inbound ones) are deleted after this long (default 30 days). */
  retentionMs?: number;
  /** A message given up for good: tell the operator. */
  onGiveUp?: (item: OutboxItem, reason: string) => Promise<void> | void;
  /** A message went out (a platform that had failed may be back). */
  onDelivered?: (platform: string) => void;
}

/**
 * Sends what the outbox holds: every message once, in order per chat, soon. Chats are sent to
 * at the same time (up to a platform's `sendConcurrency`), each chat's messages one after another;
 * a failure holds back only its own chat. Each message is claimed before it is sent and marked
 * after, so a crash or an outage loses nothing; retries back off up to a cap and go on until the
 * message's maximum age (outbox-decision.ts decides).
 */
export function createOutboxDispatcher(o: OutboxOptions) {
  const repo = createOutboxRepo(o.db, {
    onUnreadable: (id, err) => o.log.error({ outbox: id, err }, "outbound message unreadable, set aside"),
  });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  const leaseMs = o.leaseMs ?? 180_000;
  const sendTimeoutMs = o.sendTimeoutMs ?? 60_000;
  const owner = o.owner ?? `${hostname()}`;
  const retentionMs = o.retentionMs ?? 30 * 24 * 3600_000;
  const now = () => o.clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  /** Targets being sent to by this instance, with their chain's promise. */
  const chains = new Map<string, Promise<void>>();
  const limits = new Map<string, Semaphore>();
  const pausedUntil = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let claiming: Promise<number> | undefined;
  let again = false;
  let stopped = true;
  let sentCount = 0;
  let lastPrune = 0;

  const limitOf = (platform: Platform | undefined, name: string) => {
    let s = limits.get(name);
    if (!s) {
      s = new Semaphore(platform?.sendConcurrency ?? 8);
      limits.set(name, s);
    }
    return s;
  };

  /** Claims what is due and starts a chain per target; resolves with how many it claimed. */
  async function claimOnce(): Promise<number> {
    const t = now();
    const items = await repo.claimDue({
      now: iso(t),
      leaseUntil: iso(t + leaseMs),
      limit: 200,
      owner,
      busy: new Set(chains.keys()),
    });
    const byTarget = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const list = byTarget.get(item.targetKey) ?? [];
      list.push(item);
      byTarget.set(item.targetKey, list);
    }
    for (const [key, list] of byTarget) {
      const chain = runChain(list, t + leaseMs).finally(() => {
        chains.delete(key);
        // This chat's next messages (queued meanwhile) may go now.
        if (!stopped) pump();
      });
      chains.set(key, chain);
    }
    return items.length;
  }

  /** One chat's claimed messages, in order; the first failure puts the rest back in line. */
  async function runChain(items: OutboxItem[], claimedUntil: number): Promise<void> {
    let until = claimedUntil;
    for (const [i, item] of items.entries()) {
      if (stopped) {
        await repo.release(items.slice(i).map((x) => x.id));
        return;
      }
      if (until - now() < sendTimeoutMs * 1.5) {
        until = now() + leaseMs;
        await repo.extendClaims(
          items.slice(i).map((x) => x.id),
          iso(until),
        );
      }
      const ok = await sendOne(item);
      if (!ok) {
        await repo.release(items.slice(i + 1).map((x) => x.id));
        return;
      }
    }
  }

  async function sendOne(item: OutboxItem): Promise<boolean> {
    const platform = o.platforms().get(item.platform);
    const paused = pausedUntil.get(item.platform) ?? 0;
    if (paused > now()) {
      await repo.defer(item.id, iso(paused), "waiting: the platform asked to slow down");
      return false;
    }
    const limit = limitOf(platform, item.platform);
    await limit.acquire();
    let partsSent = item.partsSent;
    try {
      if (!platform) throw new PlatformRequestError(`platform ${item.platform} is not running`);
      const message = await item.load();
      await withTimeout(
        platform.send(item.target, message, {
          done: item.partsSent,
          partSent: async (n) => {
            partsSent = n;
            await repo.partSent(item.id, n);
          },
        }),
        sendTimeoutMs,
      );
      await repo.markSent(item.id, iso(now()));
      sentCount++;
      o.onDelivered?.(item.platform);
      return true;
    } catch (error) {
      await failed(item, error, partsSent);
      return false;
    } finally {
      limit.release();
    }
  }

  async function failed(item: OutboxItem, error: unknown, partsSent: number): Promise<void> {
    const decision = decideAfterFailure(
      error,
      { ...item, createdAt: Date.parse(item.createdAt) },
      now(),
      policy,
    );
    const reason = describeError(error);
    if (decision.action === "give-up") {
      await repo.markFailed(item.id, decision.reason);
      o.log.error(
        { outbox: item.id, key: item.key, platform: item.platform, partsSent, reason: decision.reason },
        "outbound message given up",
      );
      try {
        await o.onGiveUp?.(item, decision.reason);
      } catch (err) {
        o.log.error({ err }, "could not tell the operator about an undelivered message");
      }
      return;
    }
    if (decision.pausePlatformUntil) pausedUntil.set(item.platform, decision.pausePlatformUntil);
    if (decision.counted) await repo.reschedule(item.id, iso(decision.at), reason);
    else await repo.defer(item.id, iso(decision.at), reason);
    const fields = { outbox: item.id, platform: item.platform, retryAt: iso(decision.at), reason };
    if (isPlatformFailure(error)) o.log.warn(fields, "outbound message delayed");
    else o.log.error({ ...fields, err: error }, "outbound message failed unexpectedly; will retry");
  }

  /** Claims until nothing more is due; concurrent calls share one run. */
  function pump(): Promise<number> {
    if (claiming) {
      again = true;
      return claiming;
    }
    claiming = (async () => {
      let total = 0;
      do {
        again = false;
        total += await claimOnce();
        // Let requests and inbound messages in between rounds (the SQLite driver never yields).
        await new Promise((resolve) => setImmediate(resolve));
      } while (again && !stopped);
      return total;
    })().finally(() => {
      claiming = undefined;
    });
    claiming.catch((err) => o.log.error({ err }, "outbox claim failed"));
    return claiming;
  }

  /** Sends everything due now and waits for it; resolves with how many went out. */
  async function drain(): Promise<number> {
    const before = sentCount;
    const wasStopped = stopped;
    stopped = false;
    try {
      for (;;) {
        await pump();
        if (chains.size === 0) {
          // A chain that just ended may have made more due (its chat's next message).
          if ((await pump()) === 0 && chains.size === 0) break;
          continue;
        }
        await Promise.allSettled([...chains.values()]);
      }
    } finally {
      stopped = wasStopped;
    }
    return sentCount - before;
  }

  async function housekeeping(): Promise<void> {
    if (now() - lastPrune < 3600_000) return;
    lastPrune = now();
    const before = iso(now() - retentionMs);
    const outbox = await repo.prune(before);
    const inbound = await createInboundRepo(o.db).prune(before);
    const fileJobs = await createFileJobsRepo(o.db).prune(before);
    if (outbox || inbound || fileJobs)
      o.log.info({ outbox, inbound, fileJobs, before }, "pruned delivered messages");
  }

  let ticking: Promise<unknown> | undefined;
  function tick() {
    if (stopped) return;
    ticking = Promise.all([pump(), housekeeping()])
      .catch((err) => o.log.error({ err }, "outbox round failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.pollMs ?? 1000);
      });
  }

  return {
    drain,
    /** Something was queued: send it now rather than at the next poll. */
    kick() {
      if (!stopped) void pump().catch(() => undefined);
    },
    /** What each platform's queue holds (for health pages). */
    backlog: () => repo.backlog(),
    async start() {
      // Claims this instance held when it stopped (a kill mid-send) go back in line at once.
      const released = await repo.releaseOwnedBy(owner);
      if (released) o.log.info({ released }, "outbox: took back the claims of the last run");
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ticking;
      await claiming?.catch(() => undefined);
      await Promise.allSettled([...chains.values()]);
    },
  };
}
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PlatformRequestError(`发送超过 ${ms / 1000} 秒无应答`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

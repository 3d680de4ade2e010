import type { Logger } from "pino";
import type { Db } from "../storage/db.js";
import { createInboundRepo } from "../storage/inbound-repo.js";
import { isTransientDbError } from "../storage/transient.js";
import type { BatchResult, QueuedInbound } from "./handle-batch.js";

/** Handling a message may begin this many times; then it is set aside (recorded, people told). */
export const MAX_ATTEMPTS = 3;

export interface InboundWorkerDeps {
  db: Db;
  log: Logger;
  handleBatch(items: QueuedInbound[]): Promise<BatchResult>;
  /** Sets a message aside for good: marks it, tells its sender and the 管理员. */
  setAside(item: QueuedInbound, reason: string): Promise<void>;
  /** Messages handled per transaction at most. */
  batchSize: number;
  /** After each round (replies may have been queued). */
  afterRound?: () => void;
}

/**
 * One worker handles stored messages in arrival order (so a chat's messages keep their order),
 * many per transaction: on SQLite the commit, not the work, is what a message costs.
 *
 * A message is only ever retried, never replayed forever: each try is counted before it begins
 * (so a try that ends the process counts too); a message tried before goes alone into its
 * transaction (a failed batch splits, and the culprit is found); after MAX_ATTEMPTS it is set aside.
 * Transient database errors (a deadlock, a lost connection) are not the message's fault: they are
 * retried after a growing pause and not counted.
 */
export function createInboundWorker(deps: InboundWorkerDeps) {
  const { log } = deps;
  const inbound = createInboundRepo(deps.db);
  const queue: QueuedInbound[] = [];
  const queued = new Set<number>();
  let worker: Promise<void> | undefined;
  /** Batches in a row that failed as a whole. */
  let batchFailures = 0;
  /** Messages that met a transient database error, and how often in a row. */
  const transientTries = new Map<number, number>();

  /** Tries that began and did not end well (a counted try that is still going is not one). */
  const failedTries = (item: QueuedInbound) => item.attempts - (item.counted ? 1 : 0);

  /** The next transaction's messages: a message tried before goes alone, the others together. */
  function takeBatch(): QueuedInbound[] {
    const first = queue[0];
    if (first && failedTries(first) > 0) return queue.splice(0, 1);
    let n = 1;
    for (
      let next = queue[n];
      next !== undefined && n < deps.batchSize && failedTries(next) === 0;
      next = queue[n]
    )
      n++;
    return queue.splice(0, n);
  }

  function putBack(items: QueuedInbound[]): void {
    queue.unshift(...items);
  }

  async function round(): Promise<number> {
    const batch = takeBatch();
    const tryNow: QueuedInbound[] = [];
    try {
      for (const item of batch) {
        if (!item.counted && item.attempts >= MAX_ATTEMPTS) {
          await deps.setAside(item, `set aside after ${item.attempts} attempts`);
          queued.delete(item.id);
        } else tryNow.push(item);
      }
      const uncounted = tryNow.filter((item) => !item.counted);
      await inbound.begin(uncounted.map((item) => item.id));
      for (const item of uncounted) {
        item.attempts++;
        item.counted = true;
      }
      const { rest, transient } = await deps.handleBatch(tryNow);
      batchFailures = 0;
      for (const item of tryNow.slice(0, tryNow.length - rest.length)) {
        queued.delete(item.id);
        transientTries.delete(item.id);
      }
      putBack(rest);
      if (transient === undefined) return 0;
      // A deadlock or a lost connection: the transaction before it committed (releasing what
      // another instance waits for); this message goes again after a short, growing pause.
      const id = rest[0]?.id ?? 0;
      const tries = (transientTries.get(id) ?? 0) + 1;
      transientTries.set(id, tries);
      return retryPauseMs(tries, 10, 5_000);
    } catch (error) {
      // The transaction as a whole failed (it rolled back): the messages stay pending in storage.
      const transient = isTransientDbError(error);
      batchFailures++;
      log.error(
        { err: error, inbound: batch.map((item) => item.id), transient },
        "a batch of messages could not be handled",
      );
      // Not the database's fault: each of them has used up a try, and goes alone next time.
      if (!transient) for (const item of tryNow) item.counted = false;
      putBack(batch.filter((item) => queued.has(item.id)));
      return retryPauseMs(batchFailures, transient ? 500 : 250, 30_000);
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const pauseMs = await round();
      deps.afterRound?.();
      // better-sqlite3 is synchronous: without this, a backlog would be worked off without ever
      // letting the event loop accept a request or store a message.
      await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
    }
  }

  return {
    /** Queues a stored message (once: one already queued is not queued again). */
    schedule(item: QueuedInbound): void {
      if (queued.has(item.id)) return;
      queued.add(item.id);
      queue.push(item);
      worker ??= drain().finally(() => {
        worker = undefined;
      });
    },
    /** Resolves when the queue is empty. */
    async idle(): Promise<void> {
      while (worker) await worker;
    },
    /** The ids waiting in the queue (to renew their leases). */
    queuedIds(): number[] {
      return [...queued];
    },
  };
}

/** A pause that doubles with each failure in a row, from `firstMs` up to `maxMs`, with jitter. */
function retryPauseMs(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
}

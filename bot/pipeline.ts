import type { InboundMessage } from "../base/message.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import { createRepos } from "../storage/repos.js";
import { isTransientDbError } from "../storage/transient.js";
import { createBatchHandler, type HandlerDeps, inboundId, type QueuedInbound } from "./handle-batch.js";

export interface PipelineDeps extends HandlerDeps {
  /** Called after a message's replies are committed to the outbox. */
  onQueued?: () => void;
  /** Messages handled per transaction at most (default 64). */
  batchSize?: number;
}

/** A pause that doubles with each failure in a row, from `firstMs` up to `maxMs`, with jitter. */
function retryPauseMs(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
}

/**
 * Inbound flow: store first (a crash after storing loses nothing), then handle in one transaction
 * that also queues the replies and marks the message done (a crash in between changes nothing and
 * the message is handled again at start; a redelivered message is stored once and handled once).
 */
export function createPipeline(deps: PipelineDeps) {
  const { db, log } = deps;
  const repos = createRepos(db);
  const batchSize = deps.batchSize ?? 64;
  const handleBatch = createBatchHandler(deps);
  // One worker handles stored messages in arrival order (so a chat's messages keep their order),
  // many per transaction: on SQLite the commit, not the work, is what a message costs.
  const queue: QueuedInbound[] = [];
  let worker: Promise<void> | undefined;
  let batchFailures = 0;
  /** Messages that met a transient database error, and how often in a row. */
  const transientTries = new Map<number, number>();

  function schedule(item: QueuedInbound): Promise<void> {
    queue.push(item);
    worker ??= drainQueue().finally(() => {
      worker = undefined;
    });
    return worker;
  }

  async function drainQueue(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      let pauseMs = 0;
      try {
        const { rest, transient } = await handleBatch(batch);
        batchFailures = 0;
        queue.unshift(...rest);
        if (transient !== undefined) {
          // A deadlock or a lost connection: the transaction before it committed (releasing what
          // another instance waits for); this message goes again after a short, growing pause.
          const id = inboundId(rest[0]!);
          const tries = (transientTries.get(id) ?? 0) + 1;
          transientTries.set(id, tries);
          pauseMs = retryPauseMs(tries, 10, 5_000);
        }
        for (const item of batch.slice(0, batch.length - rest.length)) transientTries.delete(inboundId(item));
      } catch (error) {
        // The transaction as a whole failed (the batch rolled back): the messages stay pending in
        // storage and go again after a pause that grows while the database keeps failing.
        batchFailures++;
        log.error(
          { err: error, inbound: batch.map(inboundId), transient: isTransientDbError(error) },
          "a batch of messages could not be handled",
        );
        pauseMs = retryPauseMs(batchFailures, 500, 30_000);
        queue.unshift(...batch);
      }
      deps.onQueued?.();
      // better-sqlite3 is synchronous: without this, a backlog would be worked off without ever
      // letting the event loop accept a request or store a message.
      await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
    }
  }

  // Messages that arrive together (a burst of callbacks) are stored in one statement: each
  // receive() still resolves only once its own message is stored.
  const toStore: {
    message: InboundMessage;
    mediaSha256: string | null;
    done: (stored: StoredInbound | null) => void;
    fail: (error: unknown) => void;
  }[] = [];
  let storing: Promise<void> | undefined;

  function storeSoon(message: InboundMessage, mediaSha256: string | null): Promise<StoredInbound | null> {
    return new Promise((done, fail) => {
      toStore.push({ message, mediaSha256, done, fail });
      if (!storing) storing = flushStores();
    });
  }

  async function flushStores(): Promise<void> {
    // Wait a turn of the event loop so that messages arriving together are stored together.
    await new Promise<void>((r) => setImmediate(r));
    while (toStore.length > 0) {
      const burst = toStore.splice(0, 500);
      try {
        const stored = await repos.inbound.storeMany(burst);
        for (const [i, item] of burst.entries()) item.done(stored[i] ?? null);
      } catch (error) {
        if (burst.length === 1) burst[0]?.fail(error);
        // One row the database refuses must not lose the burst: the others are stored one by one.
        else for (const item of burst) await storeAlone(item);
      }
    }
    // Cleared in the same synchronous step as the last emptiness check: nothing can slip between.
    storing = undefined;
  }

  async function storeAlone(item: (typeof toStore)[number]): Promise<void> {
    try {
      item.done(await repos.inbound.store(item.message, item.mediaSha256));
    } catch (error) {
      item.fail(error);
    }
  }

  return {
    /**
     * Stores a message (and its photo) and schedules its handling. Resolves once stored: the
     * platform may then acknowledge it. Returns false for a redelivery of a stored message.
     */
    async receive(m: InboundMessage): Promise<boolean> {
      let sha: string | null = null;
      if (m.media) {
        // Bytes first, by content: storing again after a crash writes the same file.
        const stored = await deps.photos.put(m.media.bytes);
        if (m.kind === "image") await repos.photos.record(stored, m.receivedAt.toISOString());
        sha = stored.sha256;
      }
      const stored = await storeSoon(m, sha);
      if (!stored) {
        log.info({ platform: m.platform, messageId: m.messageId }, "redelivered message ignored");
        return false;
      }
      void schedule(stored);
      return true;
    },
    /** Handles what a previous run stored but did not finish (a crash between store and done). */
    async recover(): Promise<number> {
      const ids = await repos.inbound.pendingIds();
      for (const id of ids) void schedule(id);
      while (worker) await worker;
      return ids.length;
    },
    /** Resolves when every message received so far is handled. */
    async idle(): Promise<void> {
      while (worker) await worker;
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

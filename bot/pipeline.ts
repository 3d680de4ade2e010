import { PlatformRequestError } from "../base/errors.js";
import type { FetchedMedia, InboundMessage } from "../base/message.js";
import type { OperatorAlerts } from "../scheduler/alerts/operator-alerts.js";
import { isSqlite } from "../storage/db.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import { createRepos } from "../storage/repos.js";
import { createBatchHandler, type HandlerDeps } from "./handle-batch.js";
import { createInboundWorker } from "./inbound-worker.js";
import { createMediaFetcher } from "./pending-media.js";
import { createSetAside } from "./set-aside.js";

export interface PipelineDeps extends HandlerDeps {
  /** Tells the 管理员 when a message is set aside. */
  alerts: OperatorAlerts;
  /** Called after a message's replies are committed to the outbox. */
  onQueued?: () => void;
  /** Messages handled per transaction at most (default 64). */
  batchSize?: number;
  /**
   * How long a pending message stays this instance's without a word from it (default 30 s): the
   * lease is renewed while the message waits here, and taken over by any instance once it ran out.
   */
  leaseMs?: number;
  /** A platform's fetch of a photo or file a message left pending (Platform.fetchMedia). */
  fetchMedia?: (platform: string, ref: string) => Promise<FetchedMedia>;
  /** How often pending photos are looked at (default 1 s; the clock decides which are due). */
  mediaPollMs?: number;
}

/**
 * Inbound flow: store first (a crash after storing loses nothing), then handle in one transaction
 * that also queues the replies and marks the message done (a crash in between changes nothing and
 * the message is handled again at start; a redelivered message is stored once and handled once).
 */
export function createPipeline(deps: PipelineDeps) {
  const { db, log } = deps;
  const repos = createRepos(db);
  const leaseMs = deps.leaseMs ?? 30_000;
  const leaseFromNow = () => new Date(deps.clock.now().getTime() + leaseMs).toISOString();
  let leaseTimer: NodeJS.Timeout | undefined;
  const worker = createInboundWorker({
    db,
    log,
    handleBatch: createBatchHandler(deps),
    setAside: createSetAside({ db, clock: deps.clock, log, alerts: deps.alerts }),
    batchSize: deps.batchSize ?? 64,
    afterRound: deps.onQueued,
  });

  // Photos and files whose download failed on arrival, fetched again from storage.
  const media = createMediaFetcher({
    db,
    photos: deps.photos,
    clock: deps.clock,
    log,
    fetchMedia:
      deps.fetchMedia ??
      (async () => {
        throw new PlatformRequestError("no platform fetches media here");
      }),
    onReady: (item) => worker.schedule(item),
    leaseFromNow,
    pollMs: deps.mediaPollMs,
  });

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
        const stored = await repos.inbound.storeMany(burst, leaseFromNow());
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
      item.done(await repos.inbound.store(item.message, item.mediaSha256, leaseFromNow()));
    } catch (error) {
      item.fail(error);
    }
  }

  async function takeOver(all: boolean): Promise<number> {
    const now = deps.clock.now().toISOString();
    const taken = await repos.inbound.takeOver(now, leaseFromNow(), { all });
    for (const item of taken) worker.schedule(item);
    if (taken.length > 0) log.info({ inbound: taken.map((t) => t.id) }, "took over pending messages");
    return taken.length;
  }

  let keeping = false;
  async function keepLeases(): Promise<void> {
    if (keeping) return;
    keeping = true;
    try {
      await repos.inbound.renewLeases(worker.queuedIds(), leaseFromNow());
      await takeOver(false);
    } catch (err) {
      log.warn({ err }, "could not renew or take over inbound leases");
    } finally {
      keeping = false;
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
      // Its photo still to fetch: handled once it is here (or its sender told it did not come).
      if (stored.status === "awaiting_media") media.kick();
      else worker.schedule({ id: stored.id, attempts: stored.attempts, message: stored });
      return true;
    },
    /**
     * Handles what a previous run stored but did not finish (a crash between store and done),
     * then keeps the leases: renews this instance's, takes over those another instance left to
     * run out (it died). On SQLite, the one instance takes whatever is pending at once.
     */
    async recover(): Promise<number> {
      const taken = await takeOver(isSqlite(db));
      await media.start(isSqlite(db));
      await worker.idle();
      leaseTimer ??= setInterval(() => void keepLeases(), Math.max(50, leaseMs / 3));
      leaseTimer.unref();
      return taken;
    },
    /** Resolves when every message received so far is handled (a fetch under way awaited). */
    async idle(): Promise<void> {
      await media.idle();
      await worker.idle();
    },
    /** Stops taking over messages and fetching photos, and waits for the queue to empty. */
    async stop(): Promise<void> {
      clearInterval(leaseTimer);
      leaseTimer = undefined;
      await media.stop();
      await worker.idle();
    },
  };
}

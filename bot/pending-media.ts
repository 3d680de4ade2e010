import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { coalescingPoller } from "../base/coalescing-poller.js";
import { PlatformRefusedError } from "../base/errors.js";
import type { FetchedMedia } from "../base/message.js";
import type { Db } from "../storage/db.js";
import { type AwaitingMedia, createPendingMediaRepo } from "../storage/pending-media-repo.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";

export interface MediaFetcherDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  log: Logger;
  /** The platform's own fetch of a reference it left (Platform.fetchMedia). */
  fetchMedia(platform: string, ref: string): Promise<FetchedMedia>;
  /** The message is pending again (its file arrived, or its sender is to be told): handle it. */
  onReady(item: { id: number; attempts: number }): void;
  /** Until when this instance holds a message it hands on to its worker (the inbound lease). */
  leaseFromNow(): string;
  /** How often to look for due fetches (default 1 s; the clock decides what is due). */
  pollMs?: number;
}

/** 2 s, 4 s, 8 s … up to 10 minutes between tries. */
const backoffMs = (tries: number) => Math.min(2000 * 2 ** tries, 10 * 60_000);
/** A fetch may take this long before another instance may try the same file. */
const HOLD_MS = 3 * 60_000;

/**
 * Fetches the photos and files that could not be fetched when their message arrived, from storage,
 * so a restart loses none: each due one is held, fetched through its platform, and either stored
 * (the message then handled as if it had come with it), tried again later with backoff (never
 * past its reference's expiry), or — refused for good, or expired — turned into the event that
 * tells the sender it did not arrive. Any instance does this for any message.
 */
export function createMediaFetcher(deps: MediaFetcherDeps) {
  const { log } = deps;
  const repo = createPendingMediaRepo(deps.db);
  const photos = createRepos(deps.db).photos;
  const iso = (ms = 0) => new Date(deps.clock.now().getTime() + ms).toISOString();

  async function fetchOne(m: AwaitingMedia): Promise<void> {
    if (!(await repo.hold(m.id, iso(), iso(HOLD_MS)))) return;
    // Stopped meanwhile: given back at once rather than left held until the hold runs out.
    if (stopped()) return repo.tryLater(m.id, iso(), "stopped before the fetch");
    let media: FetchedMedia;
    try {
      fetching = true;
      media = await deps.fetchMedia(m.platform, m.ref);
    } catch (error) {
      // Stopped while the platform was asked: left held (see stop), written nowhere.
      if (stopped()) return;
      const why = String((error as Error)?.message ?? error);
      const gone = error instanceof PlatformRefusedError && !error.retryable;
      const now = deps.clock.now().getTime();
      const expires = Date.parse(m.expiresAt);
      if (gone || now >= expires) {
        if (await repo.giveUp(m.id, why, deps.leaseFromNow())) {
          log.error(
            { inbound: m.id, platform: m.platform, err: why, tries: m.tries + 2 },
            "inbound media could not be fetched; the sender is asked to send it again",
          );
          deps.onReady({ id: m.id, attempts: m.attempts });
        }
        return;
      }
      const next = new Date(Math.min(now + backoffMs(m.tries), expires)).toISOString();
      await repo.tryLater(m.id, next, why);
      log.warn({ inbound: m.id, platform: m.platform, err: why, next }, "inbound media: tried again later");
      return;
    } finally {
      fetching = false;
    }
    if (stopped()) return;
    // Bytes first, by content: a fetch done twice writes the same file.
    const stored = await deps.photos.put(media.bytes);
    if (m.kind === "image") await photos.record(stored, m.receivedAt);
    const fileName = media.fileName ?? null;
    if (await repo.arrived(m.id, { sha256: stored.sha256, fileName }, deps.leaseFromNow())) {
      log.info({ inbound: m.id, platform: m.platform, tries: m.tries + 2 }, "inbound media fetched");
      deps.onReady({ id: m.id, attempts: m.attempts });
    }
  }

  /** A platform is being asked (up to its own timeout: a minute and more while it is down). */
  let fetching = false;
  const poller = coalescingPoller({
    pollMs: deps.pollMs ?? 1000,
    // Not until start: on SQLite the holds the last run left are freed first.
    waitForStart: true,
    async pass() {
      for (const m of await repo.due(iso())) {
        if (stopped()) return;
        await fetchOne(m);
      }
    },
    // The database is failing: the next poll tries again.
    onError: (err) => log.warn({ err }, "pending inbound media could not be looked at"),
  });
  const stopped = () => poller.isStopped();

  return {
    kick: poller.kick,
    /** Looks for due fetches now and every `pollMs`; `takeAll` (SQLite): holds the last run left are void. */
    async start(takeAll: boolean): Promise<void> {
      if (takeAll) await repo.releaseAll();
      poller.start();
    },
    /** Resolves when no look or fetch is under way. */
    idle: poller.idle,
    /**
     * Stops looking. A fetch under way is not waited for (a platform that is down answers only
     * after its timeout): its message stays held until the hold runs out (3 minutes), or until the
     * next start on SQLite, and a file that arrives after the stop is fetched again then.
     */
    async stop(): Promise<void> {
      poller.stop();
      if (!fetching) await poller.idle();
    },
  };
}

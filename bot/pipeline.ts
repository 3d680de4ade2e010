import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { BotError } from "../base/errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../base/message.js";
import type { BotContext, BotSettings } from "../commands/context.js";
import type { Routes } from "../commands/input-handler.js";
import type { Db } from "../storage/db.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { createRepos, type Repos } from "../storage/repos.js";
import { sqlOf } from "../storage/sql.js";
import { route } from "./router.js";

export interface PipelineDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  settings: BotSettings;
  log: Logger;
  routes: Routes;
  /** Called after a message's replies are committed to the outbox. */
  onQueued?: () => void;
  /** Messages handled per transaction at most (default 64). */
  batchSize?: number;
}

const GENERIC_FAILURE = "处理这条消息时出错，已记录，请稍后再试或联系管理员。";

/**
 * Inbound flow: store first (a crash after storing loses nothing), then handle in one transaction
 * that also queues the replies and marks the message done (a crash in between changes nothing and
 * the message is handled again at start; a redelivered message is stored once and handled once).
 */
export function createPipeline(deps: PipelineDeps) {
  const { db, log } = deps;
  const repos = createRepos(db);
  const batchSize = deps.batchSize ?? 64;
  const maxBatchMs = 20;
  // One worker handles stored messages in arrival order (so a chat's messages keep their order),
  // many per transaction: on SQLite the commit, not the work, is what a message costs.
  // A message as it was stored, or only its id when a previous run left it (read when claimed).
  const queue: (StoredInbound | number)[] = [];
  let worker: Promise<void> | undefined;

  function schedule(item: StoredInbound | number): Promise<void> {
    queue.push(item);
    worker ??= drainQueue().finally(() => {
      worker = undefined;
    });
    return worker;
  }

  async function drainQueue(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      try {
        await handleBatch(batch);
      } catch (error) {
        // The database itself failed (the batch rolled back): the messages stay pending in storage
        // and are handled at the next start, or when the next message arrives and retries them.
        log.error(
          { err: error, inbound: batch.map((m) => (typeof m === "number" ? m : m.id)) },
          "a batch of messages could not be handled",
        );
        await new Promise((r) => setTimeout(r, 1000));
        queue.unshift(...batch);
      }
      deps.onQueued?.();
      // better-sqlite3 is synchronous: without this, a backlog would be worked off without ever
      // letting the event loop accept a request or store a message.
      await new Promise((resolve) => setImmediate(resolve));
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

  /**
   * Handles messages in one transaction for at most ~20 ms, then commits and lets the next
   * storing of inbound messages through: on SQLite both share one connection, and a platform
   * waiting for its acknowledgement (WeCom: 5 s) must never queue behind a long backlog.
   */
  async function handleBatch(items: (StoredInbound | number)[]): Promise<void> {
    const started = performance.now();
    await db.transaction(async (trx) => {
      // One set of repositories for the batch: each message's own writes are fenced by a savepoint.
      const txRepos = createRepos(trx);
      for (let i = 0; i < items.length; i++) {
        if (i > 0 && performance.now() - started > maxBatchMs) {
          queue.unshift(...items.slice(i));
          return;
        }
        await handleOne(txRepos, items[i]!);
      }
    });
  }

  async function handleOne(txRepos: Repos, item: StoredInbound | number): Promise<void> {
    const id = typeof item === "number" ? item : item.id;
    // Claim first: the guarded UPDATE locks the row, so a second instance (or a recovery racing a
    // live handler) finds it done and does nothing. Rolled back with everything else on a crash.
    if (!(await txRepos.inbound.claim(id, deps.clock.now().toISOString()))) return;
    const message =
      typeof item === "number" ? await txRepos.inbound.toHandle(id, deps.clock.now().toISOString()) : item;
    if (!message) return;
    if ("unreadable" in message) {
      log.error({ inbound: id, reason: message.unreadable }, "stored message unreadable, set aside");
      return;
    }
    const outgoing: { target: OutboundTarget; message: OutboundMessage }[] = [];
    const here: OutboundTarget = { platform: message.platform, chatId: message.chatExternalId };
    let replies: OutboundMessage[] = [];
    // A savepoint: whatever goes wrong in the command undoes its writes, and only its writes.
    // Plain SQL rather than a knex nested transaction, which costs more than the message's work.
    const sql = sqlOf(txRepos.db);
    await sql.run("SAVEPOINT message");
    try {
      const ctx = await buildContext(txRepos, message, replies, outgoing);
      await route(ctx, deps.routes);
      await sql.run("RELEASE SAVEPOINT message");
    } catch (error) {
      await sql.run("ROLLBACK TO SAVEPOINT message");
      await sql.run("RELEASE SAVEPOINT message");
      outgoing.length = 0;
      if (error instanceof BotError) {
        log.info({ inbound: id, kind: error.name, reason: error.message }, "answered a user error");
        replies = [{ kind: "text", text: error.message }];
      } else {
        log.error({ err: error, inbound: id }, "message handling failed");
        replies = [{ kind: "text", text: GENERIC_FAILURE }];
        await txRepos.inbound.markFailed(
          id,
          deps.clock.now().toISOString(),
          String((error as Error)?.stack ?? error),
        );
      }
    }
    const now = deps.clock.now().toISOString();
    let n = 0;
    for (const reply of replies) await txRepos.outbox.enqueue(`reply:${id}:${n++}`, here, reply, now);
    for (const o of outgoing) await txRepos.outbox.enqueue(`send:${id}:${n++}`, o.target, o.message, now);
  }

  async function buildContext(
    r: Repos,
    message: StoredInbound,
    replies: OutboundMessage[],
    outgoing: { target: OutboundTarget; message: OutboundMessage }[],
  ): Promise<BotContext> {
    const chat = await r.chats.ensure(
      message.platform,
      message.chatExternalId,
      message.chatKind,
      message.chatTitle ?? undefined,
    );
    const person = await r.persons.byIdentity(message.platform, message.senderExternalId);
    const chatTown = chat.townId ? await r.towns.byId(chat.townId) : undefined;
    return {
      message,
      // In groups people address the bot with @name first; the command follows.
      text: (message.text ?? "").replace(/^\s*@\S+[\s\u2005]*/, "").trim(),
      chat,
      chatTown,
      person,
      repos: r,
      photos: deps.photos,
      clock: deps.clock,
      settings: deps.settings,
      log: log.child({ inbound: message.id }),
      chatKey: `${message.platform}:${message.chatExternalId}`,
      reply: (text) => replies.push({ kind: "text", text }),
      replyWith: (m) => replies.push(m),
      send: (target, m) => outgoing.push({ target, message: m }),
    };
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

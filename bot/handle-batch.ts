import type { Logger } from "pino";
import type { Clock } from "../base/clock.js";
import { BotError } from "../base/errors.js";
import { takeMention } from "../base/mention.js";
import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import type { BotContext, BotSettings } from "../commands/context.js";
import type { Routes } from "../commands/input-handler.js";
import type { Db } from "../storage/db.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import { LockOrderError, orderSharedRows } from "../storage/lock-order.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { createRepos, type Repos } from "../storage/repos.js";
import { sqlOf } from "../storage/sql.js";
import { isTransientDbError } from "../storage/transient.js";
import { route } from "./router.js";

const GENERIC_FAILURE = "处理这条消息时出错，已记录，请稍后再试或联系管理员。";

/**
 * A stored message waiting to be handled: as it was stored, or only its id when a previous run or
 * another instance left it (read when claimed). `attempts`: how often handling it has begun.
 */
export interface QueuedInbound {
  id: number;
  attempts: number;
  message?: StoredInbound;
  /** This try is counted in `attempts` already (it is not, again, after a failure). */
  counted?: boolean;
}

/** What a batch left to do: messages for the next transaction, first in the queue. */
export interface BatchResult {
  rest: QueuedInbound[];
  /** The first of `rest` met a transient database error (deadlock, lost connection): try again. */
  transient?: unknown;
}

/** What handling a message needs: the database, the commands and what they use. */
export interface HandlerDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  settings: BotSettings;
  log: Logger;
  routes: Routes;
  /** A message queued a file to build (called before its commit: kick the builder after it). */
  onFileQueued?: () => void;
}

type Outgoing = { target: OutboundTarget; message: OutboundMessage }[];
type Files = { kind: string; args: Record<string, unknown> }[];

/**
 * Handles messages in one transaction for at most ~20 ms, each inside its own savepoint: whatever
 * goes wrong in a command undoes its writes, and only its writes. A message that meets a transient
 * database error, or would lock a shared row out of order (PostgreSQL), is rolled back to its
 * savepoint, the transaction commits what came before, and it goes first into the next one.
 */
export function createBatchHandler(deps: HandlerDeps) {
  const { db, log } = deps;
  const maxBatchMs = 20;

  async function handleBatch(items: QueuedInbound[]): Promise<BatchResult> {
    const started = performance.now();
    let result: BatchResult = { rest: [] };
    await db.transaction(async (trx) => {
      // One set of repositories for the batch: each message's own writes are fenced by a savepoint.
      const txRepos = createRepos(trx);
      const order = orderSharedRows(trx);
      for (const [i, item] of items.entries()) {
        if (i > 0 && performance.now() - started > maxBatchMs) {
          result = { rest: items.slice(i) };
          return;
        }
        const again = await handleOne(txRepos, order, item);
        if (again) {
          result = { rest: items.slice(i), transient: again instanceof LockOrderError ? undefined : again };
          return;
        }
      }
    });
    return result;
  }

  /** Handles one message; returns the error when it must be handled again in a new transaction. */
  async function handleOne(
    txRepos: Repos,
    order: ReturnType<typeof orderSharedRows>,
    item: QueuedInbound,
  ): Promise<unknown> {
    const { id } = item;
    const now = () => deps.clock.now().toISOString();
    // Plain SQL rather than a knex nested transaction, which costs more than the message's work.
    const sql = sqlOf(txRepos.db);
    let message: StoredInbound | undefined = item.message;
    const replies: OutboundMessage[] = [];
    const outgoing: Outgoing = [];
    const files: Files = [];
    await sql.run("SAVEPOINT message");
    try {
      // Claim first: the guarded UPDATE locks the row, so a second instance (or a recovery racing a
      // live handler) finds it done and does nothing.
      if (await txRepos.inbound.claim(id, now())) {
        const stored = message ?? (await txRepos.inbound.toHandle(id, now()));
        if (stored && "unreadable" in stored) {
          log.error({ inbound: id, reason: stored.unreadable }, "stored message unreadable, set aside");
        } else if (stored) {
          message = stored;
          const ctx = await buildContext(txRepos, message, replies, outgoing, files);
          await route(ctx, deps.routes);
          await enqueue(txRepos, message, replies, outgoing, files, ctx.person?.id ?? null);
        }
      }
      await sql.run("RELEASE SAVEPOINT message");
      order.keep();
      return undefined;
    } catch (error) {
      await sql.run("ROLLBACK TO SAVEPOINT message");
      order.drop();
      if (error instanceof LockOrderError || isTransientDbError(error)) {
        // Nothing of it happened (not even the claim): handled again, never answered as a failure.
        await sql.run("RELEASE SAVEPOINT message");
        if (!(error instanceof LockOrderError))
          log.warn({ err: error, inbound: id }, "transient database error; the message is handled again");
        return error;
      }
      if (!message) {
        await sql.run("RELEASE SAVEPOINT message");
        throw error;
      }
      let answer: string;
      if (error instanceof BotError) {
        log.info({ inbound: id, kind: error.name, reason: error.message }, "answered a user error");
        answer = error.message;
        await txRepos.inbound.claim(id, now());
      } else {
        log.error({ err: error, inbound: id }, "message handling failed");
        answer = GENERIC_FAILURE;
        await txRepos.inbound.claim(id, now());
        await txRepos.inbound.markFailed(id, now(), String((error as Error)?.stack ?? error));
      }
      await enqueue(txRepos, message, [{ kind: "text", text: answer }], [], [], null);
      await sql.run("RELEASE SAVEPOINT message");
      return undefined;
    }
  }

  async function enqueue(
    r: Repos,
    message: StoredInbound,
    replies: OutboundMessage[],
    outgoing: Outgoing,
    files: Files,
    personId: number | null,
  ) {
    const here: OutboundTarget = {
      platform: message.platform,
      chatId: message.chatExternalId,
      replyTo: message.replyRef ?? message.messageId,
    };
    const now = deps.clock.now().toISOString();
    let n = 0;
    for (const reply of replies) await r.outbox.enqueue(`reply:${message.id}:${n++}`, here, reply, now);
    for (const o of outgoing) await r.outbox.enqueue(`send:${message.id}:${n++}`, o.target, o.message, now);
    if (files.length > 0) deps.onFileQueued?.();
    for (const f of files) {
      const key = `file:${message.id}:${n++}`;
      await r.fileJobs.enqueue({
        ...f,
        key,
        reply: here,
        requestedAt: now,
        personId,
        inboundId: message.id,
        now,
      });
    }
  }

  async function buildContext(
    r: Repos,
    message: StoredInbound,
    replies: OutboundMessage[],
    outgoing: Outgoing,
    files: Files,
  ): Promise<BotContext> {
    const chat = await r.chats.ensure(
      message.platform,
      message.chatExternalId,
      message.chatKind,
      message.chatTitle ?? undefined,
    );
    const person = await r.persons.byIdentity(message.platform, message.senderExternalId);
    const chatTown = chat.townId ? await r.towns.byId(chat.townId) : undefined;
    // In groups people address the bot by its name, anywhere in the text (the console, a WeCom robot
    // named so); a platform that knows its own mention has taken it out already and said so.
    const spoken = takeMention(message.text ?? "", deps.settings.botName);
    return {
      message: spoken.mentioned ? { ...message, mentioned: true } : message,
      // An @ first is taken as the bot's too (@机器人 上报 …); the command follows.
      text: spoken.text.replace(/^\s*@\S+[\s\u2005]*/, "").trim(),
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
      queueFile: (kind, args) => files.push({ kind, args }),
    };
  }

  return handleBatch;
}

import type { Logger } from "pino";
import type { Command } from "../commands/command.js";
import type { Db } from "../storage/db.js";
import type { StoredInbound } from "../storage/inbound-repo.js";
import type { PhotoStore } from "../storage/photo-store.js";
import { createRepos } from "../storage/repos.js";
import type { Clock } from "./clock.js";
import type { BotContext, BotSettings } from "./context.js";
import { BotError } from "./errors.js";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "./message.js";
import { route } from "./router.js";

export interface PipelineDeps {
  db: Db;
  photos: PhotoStore;
  clock: Clock;
  settings: BotSettings;
  log: Logger;
  commands: readonly Command[];
  /** Called after a message's replies are committed to the outbox. */
  onQueued?: () => void;
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
  // Messages of one chat are handled in order; different chats may overlap.
  const chains = new Map<string, Promise<void>>();

  function schedule(stored: StoredInbound): Promise<void> {
    const key = `${stored.platform}:${stored.chatExternalId}`;
    const next = (chains.get(key) ?? Promise.resolve()).then(() => handle(stored.id));
    const tracked = next.finally(() => {
      if (chains.get(key) === tracked) chains.delete(key);
    });
    chains.set(key, tracked);
    return tracked;
  }

  async function handle(id: number): Promise<void> {
    try {
      await db.transaction(async (trx) => {
        const txRepos = createRepos(trx);
        // Claim first: the guarded UPDATE locks the row, so a second instance (or a recovery racing a
        // live handler) finds it done and does nothing. Rolled back with everything else on a crash.
        const message = await txRepos.inbound.claim(id, deps.clock.now().toISOString());
        if (!message) return;
        const outgoing: { target: OutboundTarget; message: OutboundMessage }[] = [];
        const here: OutboundTarget = { platform: message.platform, chatId: message.chatExternalId };
        let replies: OutboundMessage[] = [];
        try {
          // A savepoint: a user's mistake (BotError) undoes the command's writes but keeps the message's record.
          await trx.transaction(async (inner) => {
            const ctx = await buildContext(inner, message, replies, outgoing);
            await route(ctx, deps.commands);
          });
        } catch (error) {
          if (!(error instanceof BotError)) throw error;
          log.info({ inbound: id, kind: error.name, reason: error.message }, "answered a user error");
          replies = [{ kind: "text", text: error.message }];
          outgoing.length = 0;
        }
        const now = deps.clock.now().toISOString();
        let n = 0;
        for (const reply of replies) await txRepos.outbox.enqueue(`reply:${id}:${n++}`, here, reply, now);
        for (const o of outgoing) await txRepos.outbox.enqueue(`send:${id}:${n++}`, o.target, o.message, now);
      });
    } catch (error) {
      log.error({ err: error, inbound: id }, "message handling failed");
      const message = await repos.inbound.byId(id);
      const now = deps.clock.now().toISOString();
      await db.transaction(async (trx) => {
        const txRepos = createRepos(trx);
        if (message) {
          await txRepos.outbox.enqueue(
            `reply:${id}:failed`,
            { platform: message.platform, chatId: message.chatExternalId },
            { kind: "text", text: GENERIC_FAILURE },
            now,
          );
        }
        await txRepos.inbound.markFailed(id, now, String((error as Error)?.stack ?? error));
      });
    }
    deps.onQueued?.();
  }

  async function buildContext(
    trx: Db,
    message: StoredInbound,
    replies: OutboundMessage[],
    outgoing: { target: OutboundTarget; message: OutboundMessage }[],
  ): Promise<BotContext> {
    const r = createRepos(trx);
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
      const stored = await repos.inbound.store(m, sha);
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
      for (const id of ids) {
        const stored = await repos.inbound.byId(id);
        if (stored) await schedule(stored);
      }
      return ids.length;
    },
    /** Resolves when every message received so far is handled. */
    async idle(): Promise<void> {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;

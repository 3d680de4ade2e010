import { createOutboxRepo } from "../storage/outbox-repo.js";
import type { Clock, SendHook } from "./job.js";

/**
 * The scheduler's send hook over the durable outbox: each message is queued under its
 * idempotency key (a re-run of the period queues nothing new), in the run's transaction.
 *
 * @example
 *   createScheduler({ …, send: outboxSendHook(clock), onQueued: () => bot.outbox.kick() })
 */
export function outboxSendHook(clock: Clock): SendHook {
  return async (messages, { db }) => {
    const outbox = createOutboxRepo(db);
    const now = clock.now().toISOString();
    for (const m of messages) await outbox.enqueue(m.idempotencyKey, m.target, m.message, now);
  };
}

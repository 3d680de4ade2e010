import type { KnownContext } from "./context.js";

/**
 * The audit fields every change carries: who, when, from which chat and message. `at` is the time
 * the command stamps its own write with, so the record and the change agree to the millisecond.
 */
export function auditBase(ctx: KnownContext, at = ctx.clock.now().toISOString()) {
  return { at, personId: ctx.person.id, chatId: ctx.chat.id, inboundId: ctx.message.id };
}

import type { EventHandler } from "./input-handler.js";

/**
 * A group that took a new id keeps its binding (a Telegram group upgraded to a supergroup announces it
 * in both chats: `chat_moved_to` in the old one with the new id as its text, `chat_moved_from` in the
 * new one with the old id). Either announcement moves the binding; the second changes nothing.
 */
export const chatMovedHandler: EventHandler = {
  events: ["chat_moved_to", "chat_moved_from"],
  async run(ctx) {
    const other = ctx.message.text?.trim();
    if (!other || ctx.message.chatKind !== "group") return;
    const here = ctx.message.chatExternalId;
    const [from, to] = ctx.message.event === "chat_moved_to" ? [here, other] : [other, here];
    await ctx.repos.chats.move(ctx.message.platform, from, to);
    ctx.log.info({ from, to }, "chat moved to a new id; its binding moved with it");
  },
};

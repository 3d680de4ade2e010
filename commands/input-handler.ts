import type { Role } from "../domain/enums.js";
import type { Command } from "./command.js";
import type { BotContext, KnownContext } from "./context.js";

/** The kinds of message a handler can take besides a command word (see base/message.ts). */
type InputKind = "text" | "image" | "location" | "file";

/**
 * What to do with a message that is not a command: a photo, a location, a file, or text that is not
 * a command word (the follow-up to a draft). Registered beside the commands, each with its roles, so
 * a new kind of input is one more handler, not an edit of the router. Handlers for one kind are
 * tried in order; the first to return true took the message. Model: grammY's `bot.on("message:photo")`.
 *
 * @example
 *   export const locationHandler: InputHandler = {
 *     on: "location", name: "标注位置", roles: REPORTERS,
 *     async run(ctx) { …; return true; },
 *   };
 */
export interface InputHandler {
  on: InputKind;
  /** What the handler does, as the refusal names it: 「标注位置」仅限… */
  name: string;
  roles: readonly Role[];
  /** The refusal for a role outside `roles`, when the generic one would not say it well. */
  refusal?: string;
  /** Handles the message, or returns false to let the next handler for this kind try. */
  run(ctx: KnownContext): Promise<boolean>;
}

/**
 * A platform event (someone opened the chat, the bot was added to a group). Events come from
 * platforms for anyone, registered or not, so an event handler gets the plain context.
 */
export interface EventHandler {
  /** The events it answers: subscribe, enter_agent, enter_chat, bot_added … */
  events: readonly string[];
  run(ctx: BotContext, commands: readonly Command[]): Promise<void>;
}

/** Everything the router dispatches to: command words first, then the handlers by kind. */
export interface Routes {
  commands: readonly Command[];
  handlers: readonly InputHandler[];
  events: readonly EventHandler[];
}

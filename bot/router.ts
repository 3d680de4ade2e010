import { ForbiddenError } from "../base/errors.js";
import type { Command } from "../commands/command.js";
import type { BotContext, KnownContext } from "../commands/context.js";
import { helpText } from "../commands/help.js";
import { matchCommand } from "../commands/index.js";
import type { InputHandler, Routes } from "../commands/input-handler.js";
import { ROLE_LABELS, type Role } from "../domain/enums.js";

/**
 * Decides what a stored message means and runs it: events for anyone; for a registered person a
 * command word, else the handlers registered for the message's kind, each behind its roles.
 * Throws BotError for the user's mistakes.
 */
export async function route(ctx: BotContext, routes: Routes): Promise<void> {
  const m = ctx.message;
  if (m.kind === "event") {
    for (const handler of routes.events) {
      if (m.event && handler.events.includes(m.event)) await handler.run(ctx, routes.commands);
    }
    return;
  }
  const match = m.kind === "text" ? matchCommand(ctx.text, routes.commands) : null;
  if (!ctx.person) {
    ctx.log.warn({ platform: m.platform, sender: m.senderExternalId }, "message from an unregistered person");
    // In a group, stay quiet unless spoken to with a command: groups are busy places.
    if (m.chatKind === "private" || match) ctx.reply(helpText(ctx, routes.commands));
    return;
  }
  const known = ctx as KnownContext;
  if (match) {
    const { command, args } = match;
    if (!command.roles.includes(known.person.role)) throw refusal(command, known.person.role);
    return command.run(known, args);
  }
  let refused: InputHandler | undefined;
  for (const handler of routes.handlers) {
    if (handler.on !== m.kind) continue;
    if (!handler.roles.includes(known.person.role)) {
      refused ??= handler;
      continue;
    }
    if (await handler.run(known)) return;
  }
  if (refused) throw refusal(refused, known.person.role);
  if (m.kind === "text" && m.chatKind === "private") {
    ctx.reply("没有看懂这条消息。发送「帮助」查看可用指令和上报模板。");
  }
}

function refusal(what: Command | InputHandler, role: Role): ForbiddenError {
  if ("refusal" in what && what.refusal) return new ForbiddenError(what.refusal);
  const who = what.roles.map((r) => ROLE_LABELS[r]).join("、");
  return new ForbiddenError(`「${what.name}」仅限${who}使用，您是${ROLE_LABELS[role]}。`);
}

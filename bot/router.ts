import { ForbiddenError } from "../base/errors.js";
import type { Command } from "../commands/command.js";
import type { BotContext, KnownContext } from "../commands/context.js";
import { groupGreeting, helpText } from "../commands/help.js";
import { matchCommand } from "../commands/index.js";
import { importLedgerFile } from "../commands/ledger-import.js";
import { attachPhoto, recordLocation } from "../commands/photo.js";
import { advanceDraft, mergeFields } from "../commands/report-flow.js";
import { attachTipPhoto } from "../commands/supervision/tip-link.js";
import { ROLE_LABELS } from "../domain/enums.js";
import { parseReportFields } from "../domain/report-parser.js";

// Someone followed the app, opened its page, or opened the AI bot's single chat (first time that day).
const GREETING_EVENTS = new Set(["subscribe", "enter_agent", "enter_chat"]);

/**
 * Decides what a stored message means and runs it: events, unknown people, photos, locations,
 * commands, and the continuation of an unfinished report. Throws BotError for the user's mistakes.
 */
export async function route(ctx: BotContext, commands: readonly Command[]): Promise<void> {
  const m = ctx.message;
  if (m.kind === "event") {
    if (m.event && GREETING_EVENTS.has(m.event)) ctx.reply(helpText(ctx, commands));
    // Whoever added the bot, the group learns what it is for and whether it still needs binding.
    if (m.event === "bot_added" && m.chatKind === "group") ctx.reply(groupGreeting(ctx));
    return;
  }
  const match = m.kind === "text" ? matchCommand(ctx.text, commands) : null;
  if (!ctx.person) {
    ctx.log.warn({ platform: m.platform, sender: m.senderExternalId }, "message from an unregistered person");
    // In a group, stay quiet unless spoken to with a command: groups are busy places.
    if (m.chatKind === "private" || match) ctx.reply(helpText(ctx, commands));
    return;
  }
  const known = ctx as KnownContext;
  if (m.kind === "image") return (await attachTipPhoto(known)) ? undefined : attachPhoto(known);
  if (m.kind === "location") return recordLocation(known);
  if (m.kind === "file") return importLedgerFile(known);
  if (match) {
    const { command, args } = match;
    if (!command.roles.includes(known.person.role)) {
      const who = command.roles.map((r) => ROLE_LABELS[r]).join("、");
      throw new ForbiddenError(`「${command.name}」仅限${who}使用，您是${ROLE_LABELS[known.person.role]}。`);
    }
    return command.run(known, args);
  }
  const draft = await ctx.repos.drafts.get(known.person.id, ctx.chatKey);
  const { fields } = parseReportFields(ctx.text);
  if (draft && Object.keys(fields).length > 0) {
    return advanceDraft(known, mergeFields(draft.fields, fields), false);
  }
  if (m.chatKind === "private") {
    ctx.reply(
      draft
        ? "有一份未完成的上报，请按「字段：内容」补充（如 整治期限：3月31日），或回复「取消」。"
        : "没有看懂这条消息。发送「帮助」查看可用指令和上报模板。",
    );
  }
}

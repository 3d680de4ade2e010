import { ROLE_LABELS } from "../domain/enums.js";
import { REPORT_TEMPLATE } from "../domain/report-fields.js";
import { ALL_ROLES, type Command } from "./command.js";
import type { BotContext } from "./context.js";
import type { EventHandler } from "./input-handler.js";

/** The commands this person's role may use, with the copyable report template when they may report. */
export function helpText(ctx: BotContext, commands: readonly Command[]): string {
  const person = ctx.person;
  if (!person) {
    return [
      `您好，这里是${ctx.settings.botName}（小散乱污企业整治）。`,
      "您尚未登记，暂不能使用。请把下面的账号发给管理员登记：",
      `${ctx.message.platform}:${ctx.message.senderExternalId}`,
    ].join("\n");
  }
  const mine = commands.filter((c) => c.roles.includes(person.role));
  const lines = [`${person.name}（${ROLE_LABELS[person.role]}）可用指令：`];
  for (const c of mine) lines.push(`· ${c.usage.split("\n")[0]} — ${c.summary}`);
  if (mine.some((c) => c.name === "上报")) {
    lines.push("· 发送照片 — 存入最近上报或查询的企业档案");
    lines.push("", "上报模板（复制后填写）：", REPORT_TEMPLATE);
  }
  return lines.join("\n");
}

/** What the bot says when it is added to a group: what it does here, and whether the group is bound. */
function groupGreeting(ctx: BotContext): string {
  const purpose = ctx.chat.purpose;
  const binding = ctx.chatTown
    ? `本群已绑定为${ctx.chatTown.name}工作群。`
    : purpose === "district"
      ? "本群已绑定为区级群。"
      : purpose === "leadership"
        ? "本群已绑定为领导群。"
        : "本群尚未绑定：请管理员在群里发送「绑定 镇名」（或「绑定 区级」「绑定 领导」）。";
  return [
    `大家好，我是${ctx.settings.botName}，负责小散乱污企业的上报、整治进展和进度查询。`,
    binding,
    "发送「帮助」查看可用指令和上报模板。",
  ].join("\n");
}

export function createHelpCommand(commands: () => readonly Command[]): Command {
  return {
    name: "帮助",
    aliases: ["help", "菜单", "?", "？"],
    roles: ALL_ROLES,
    summary: "查看可用指令和上报模板",
    usage: "帮助",
    async run(ctx) {
      ctx.reply(helpText(ctx, commands()));
    },
  };
}

/** Someone followed the app, opened its page, or opened the AI bot's single chat: what they may do here. */
export const greetingHandler: EventHandler = {
  events: ["subscribe", "enter_agent", "enter_chat"],
  async run(ctx, commands) {
    ctx.reply(helpText(ctx, commands));
  },
};

/** Whoever added the bot, the group learns what it is for and whether it still needs binding. */
export const groupJoinHandler: EventHandler = {
  events: ["bot_added"],
  async run(ctx) {
    if (ctx.message.chatKind === "group") ctx.reply(groupGreeting(ctx));
  },
};

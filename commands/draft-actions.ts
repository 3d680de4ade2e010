import { type Command, REPORTERS } from "./command.js";
import type { KnownContext } from "./context.js";
import { advanceDraft } from "./report-flow.js";

/** 仍然上报 and 确认 alike: the person's draft in this chat goes on to be filed (force: despite a same-named one). */
async function fileDraft(ctx: KnownContext, force: boolean): Promise<void> {
  const draft = await ctx.repos.drafts.get(ctx.person.id, ctx.chatKey);
  if (!draft) {
    ctx.reply("没有待确认的上报。");
    return;
  }
  await advanceDraft(ctx, draft.fields, force, { confirmed: true });
}

/** 仍然上报: file the draft although an enterprise of the same name is on file. */
export const forceReportCommand: Command = {
  name: "仍然上报",
  roles: REPORTERS,
  summary: "确认上报与在册企业同名的另一家企业",
  usage: "仍然上报",
  run: (ctx) => fileDraft(ctx, true),
};

/** 确认: file a draft read from a free-text description, once its owner has checked it. */
export const confirmDraftCommand: Command = {
  name: "确认",
  aliases: ["确认上报"],
  roles: REPORTERS,
  summary: "确认提交按描述整理的上报",
  usage: "确认",
  run: (ctx) => fileDraft(ctx, false),
};

export const cancelDraftCommand: Command = {
  name: "取消",
  aliases: ["取消上报"],
  roles: REPORTERS,
  summary: "放弃未完成的上报",
  usage: "取消",
  async run(ctx) {
    const draft = await ctx.repos.drafts.get(ctx.person.id, ctx.chatKey);
    if (!draft) {
      ctx.reply("没有未完成的上报。");
      return;
    }
    await ctx.repos.drafts.remove(ctx.person.id, ctx.chatKey);
    ctx.reply("已放弃本次上报。");
  },
};

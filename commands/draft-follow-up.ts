import { parseReportFields } from "../domain/report-parser.js";
import { ALL_ROLES } from "./command.js";
import { freeTextFields } from "./free-text-report.js";
import type { InputHandler } from "./input-handler.js";
import { readsAsQuestion } from "./plain-question.js";
import { advanceDraft, mergeFields } from "./report-flow.js";

/**
 * Text that is not a command, from someone with an unfinished report: the fields it carries go into
 * the draft (only the missing ones need sending). Drafts exist only for reporters, so every role may
 * pass through: without a draft the message goes on to the next handler.
 */
export const draftFollowUpHandler: InputHandler = {
  on: "text",
  name: "补充上报",
  roles: ALL_ROLES,
  async run(ctx) {
    const draft = await ctx.repos.drafts.get(ctx.person.id, ctx.chatKey);
    if (!draft) return false;
    const { fields } = parseReportFields(ctx.text);
    if (Object.keys(fields).length > 0) {
      await advanceDraft(ctx, mergeFields(draft.fields, fields), false);
      return true;
    }
    // A description in free words (after a photo, say): its fields go in, to be checked before 确认.
    const described = await freeTextFields(ctx);
    if (described) {
      await advanceDraft(ctx, mergeFields(draft.fields, described), false, { needsConfirm: true });
      return true;
    }
    if (ctx.message.chatKind !== "private" || (await readsAsQuestion(ctx))) return false;
    ctx.reply(
      draft.needsConfirm
        ? "有一份待确认的上报：核对无误请回复「确认」，要改的项请按「字段：内容」发送，放弃请回复「取消」。"
        : "有一份未完成的上报，请按「字段：内容」补充（如 整治期限：3月31日），或回复「取消」。",
    );
    return true;
  },
};

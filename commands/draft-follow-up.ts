import type { RawReportFields } from "../domain/report-fields.js";
import { parseReportFields } from "../domain/report-parser.js";
import { ALL_ROLES } from "./command.js";
import { freeTextFields } from "./free-text-report.js";
import type { InputHandler } from "./input-handler.js";
import { readsAsQuestion } from "./plain-question.js";
import { advanceDraft, mergeFields } from "./report-flow.js";

/**
 * A description whose enterprise name or village differs from the unfinished draft's describes another
 * enterprise: merged, it would file one case with two enterprises' facts (the old name, the new village).
 * Nothing is merged; the person is told which draft is open and how to go on. Null when it fits the draft.
 */
function anotherEnterprise(draft: RawReportFields, described: RawReportFields): string | null {
  const differs = (key: "name" | "village") => {
    const a = draft[key]?.trim();
    const b = described[key]?.trim();
    return a !== undefined && a !== "" && b !== undefined && b !== "" && a !== b;
  };
  if (!differs("name") && !differs("village")) return null;
  const open = [draft.name, draft.village].filter((v) => v?.trim()).join("，");
  return [
    `你还有一份未提交的上报（${open}），这条描述的像是另一家企业，没有并入。`,
    "要先报这一家：回复「取消」放弃那份，再重新发送这条描述。",
    "要更正那份：按「字段：内容」发送，如 所在村组：黄河村四组。",
  ].join("\n");
}

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
      const other = anotherEnterprise(draft.fields, described);
      if (other) {
        ctx.reply(other);
        return true;
      }
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

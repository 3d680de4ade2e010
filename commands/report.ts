import { today } from "../base/clock.js";
import type { RawReportFields } from "../domain/report-fields.js";
import { REPORT_TEMPLATE } from "../domain/report-fields.js";
import { parseReportFields } from "../domain/report-parser.js";
import { validateReport } from "../domain/report-schema.js";
import { enterpriseNameKey } from "../domain/text-normalize.js";
import { type Command, REPORTERS } from "./command.js";
import type { KnownContext } from "./context.js";
import { advanceDraft, mergeFields } from "./report-flow.js";

/** The same enterprise (or no name yet on one side): the new 上报 goes on with the draft. */
function sameReport(draft: RawReportFields, next: RawReportFields): boolean {
  const a = draft.name?.trim() ? enterpriseNameKey(draft.name) : "";
  const b = next.name?.trim() ? enterpriseNameKey(next.name) : "";
  return a === "" || b === "" || a === b;
}

/** What is still open in a draft, said the way its owner will recognise it. */
function pendingDraft(ctx: KnownContext, fields: RawReportFields, duplicateOf: number | null): string {
  const v = validateReport(fields, ctx.settings.campaignYear, { notBefore: today(ctx.clock) });
  const missing = v.ok ? [] : v.errors.map((e) => e.label);
  const what = duplicateOf
    ? "待确认是否仍然上报（同名企业已在册）"
    : missing.length
      ? `还缺：${missing.join("、")}`
      : "待确认";
  return `${fields.name?.trim() || "未填企业名称"}（${what}）`;
}

export const reportCommand: Command = {
  name: "上报",
  aliases: ["报告"],
  roles: REPORTERS,
  summary: "上报一家企业（发现一家、上报一家）",
  usage: REPORT_TEMPLATE,
  async run(ctx, args) {
    const { fields } = parseReportFields(args);
    if (Object.keys(fields).length === 0) {
      ctx.reply(`请复制下面的模板，填好后发送：\n\n${REPORT_TEMPLATE}`);
      return;
    }
    const draft = await ctx.repos.drafts.get(ctx.person.id, ctx.chatKey);
    if (draft && !sameReport(draft.fields, fields)) {
      // Another enterprise while one is unfinished: replacing it silently would lose a report.
      ctx.reply(
        [
          `您还有一份未完成的上报：${pendingDraft(ctx, draft.fields, draft.duplicateOf)}。`,
          `为免覆盖，本次上报（${fields.name?.trim() || "未填企业名称"}）没有提交。`,
          draft.duplicateOf
            ? "请先回复「仍然上报」或「取消」处理前一份，再重新发送本次上报。"
            : "请先补充前一份（只需发送缺少的项），或回复「取消」放弃它，再重新发送本次上报。",
        ].join("\n"),
      );
      return;
    }
    // The same enterprise again (a corrected copy, or the missing fields with 上报 in front): one draft.
    await advanceDraft(ctx, draft ? mergeFields(draft.fields, fields) : fields, false);
  },
};

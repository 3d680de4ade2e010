import { REPORT_TEMPLATE } from "../domain/report-fields.js";
import { parseReportFields } from "../domain/report-parser.js";
import { type Command, REPORTERS } from "./command.js";
import { advanceDraft } from "./report-flow.js";

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
    // 上报 starts afresh: an older unfinished draft in this chat is replaced.
    await advanceDraft(ctx, fields, false);
  },
};

import { ForbiddenError, NotFoundError } from "../base/errors.js";
import { findCaseNo } from "../domain/case-number.js";
import { mayRead } from "./case-access.js";
import { ALL_ROLES, type Command } from "./command.js";
import { sendDistrictArchive } from "./district-archive.js";
import { townForFiles } from "./ledger.js";

/**
 * 档案 <案件编号 | 镇名 | 全区>: one enterprise's 一企一档 PDF, a town's dossiers as one .zip, or the
 * whole district's 8月29日 report (commands/district-archive.ts).
 */
export const dossierCommand: Command = {
  name: "档案",
  roles: ALL_ROLES,
  summary: "一企一档：单个企业档案PDF，全镇（办）档案压缩包，或全区整治档案（区级）",
  usage: "档案 GY-0007\n档案 古荥镇\n档案 全区",
  async run(ctx, args) {
    if (/^(全区|区级|全部)$/.test(args.trim())) return sendDistrictArchive(ctx);
    const campaignYear = ctx.settings.campaignYear;
    const caseNo = findCaseNo(args);
    // Checked here, built after this message commits (scheduler/file-jobs/file-job-kinds.ts).
    if (caseNo) {
      const e = await ctx.repos.enterprises.byCaseNo(caseNo);
      if (!e) throw new NotFoundError(`没有找到案件 ${caseNo}`);
      if (!mayRead(ctx, e))
        throw new ForbiddenError(`【${e.caseNo}】属于${e.townName}，您只能查看本镇（办）的档案。`);
      ctx.queueFile("dossier", { caseNo: e.caseNo, campaignYear });
      return;
    }
    if (ctx.person.role === "inspector")
      throw new ForbiddenError("全镇（办）档案由镇（办）管理员或区级人员导出。");
    const town = await townForFiles(ctx, args.trim() || undefined);
    // A PDF per enterprise takes a while: say so now, send the archive when it is built.
    ctx.reply(`正在生成${town.name}一企一档，完成后发送。`);
    ctx.queueFile("town-dossiers", { town: town.name, campaignYear });
  },
};

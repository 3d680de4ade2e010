import { ForbiddenError } from "../base/errors.js";
import { findCaseNo } from "../domain/case-number.js";
import { mayRead } from "./case-access.js";
import { ALL_ROLES, type Command } from "./command.js";
import { sendDistrictArchive } from "./district-archive.js";
import { ledgerServiceFor, townForFiles } from "./ledger.js";

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
    const service = ledgerServiceFor(ctx);
    const caseNo = findCaseNo(args);
    if (caseNo) {
      const e = await ctx.repos.enterprises.byCaseNo(caseNo);
      if (e && !mayRead(ctx, e))
        throw new ForbiddenError(`【${e.caseNo}】属于${e.townName}，您只能查看本镇（办）的档案。`);
      const file = await service.dossier(args);
      ctx.replyWith({ kind: "file", bytes: file.pdf, fileName: file.fileName });
      ctx.reply(`📎 ${file.fileName}`);
      return;
    }
    if (ctx.person.role === "inspector")
      throw new ForbiddenError("全镇（办）档案由镇（办）管理员或区级人员导出。");
    const town = await townForFiles(ctx, args.trim() || undefined);
    const archive = await service.townDossiers(town.name);
    ctx.replyWith({ kind: "file", bytes: archive.zip, fileName: archive.fileName });
    ctx.reply(`📎 ${archive.fileName}（${archive.count} 家企业及台账）`);
  },
};

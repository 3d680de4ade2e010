import { InputError } from "../base/errors.js";
import { formatImportSummary } from "../reports/ledger/ledger1-import-summary.js";
import type { InputHandler } from "./input-handler.js";
import { ledgerServiceFor, townForFiles } from "./ledger.js";

/**
 * A spreadsheet sent to the bot is a town's existing ledger 1 (附件1): imported in one transaction, every
 * bad cell named, rows already on file reported and left alone, so sending it twice changes nothing.
 * Not a workbook, too large, no header, another town's: answered with what is wrong (LedgerFormatError).
 */
export const ledgerFileHandler: InputHandler = {
  on: "file",
  name: "导入台账",
  roles: ["town_admin", "district_supervisor", "admin"],
  refusal: "导入台账限镇（办）管理员、区督查和管理员。",
  async run(ctx) {
    // Whatever its name (a WeCom file may come without one): the importer recognises a workbook by content.
    const name = ctx.message.fileName ?? "台账.xlsx";
    if (!ctx.message.mediaSha256) throw new InputError("文件未收到，请重新发送。");
    const town = await townForFiles(ctx, undefined);
    const bytes = await ctx.photos.readBySha(ctx.message.mediaSha256);
    const result = await ledgerServiceFor(ctx).importTownLedger(bytes, {
      town,
      personId: ctx.person.id,
      fileName: name,
    });
    ctx.reply(formatImportSummary({ ...result, accepted: result.created.length }));
    return true;
  },
};

import { InputError } from "../base/errors.js";
import type { InputHandler } from "./input-handler.js";
import { townForFiles } from "./ledger.js";

/** From this size (about 2,000 rows) an import is acknowledged at once. */
export const ACK_FROM_BYTES = 100_000;

/**
 * A spreadsheet sent to the bot is a town's existing ledger 1 (附件1). Here only who may import it and
 * into which town are decided; the import itself runs after this message commits
 * (scheduler/file-jobs/ledger-import-job.ts): read in a worker thread, stored in short chunks, every bad
 * cell named and rows already on file reported and left alone, so sending it twice changes nothing.
 * Not a workbook, too large, no header, another town's: answered with what is wrong (LedgerFormatError).
 */
export const ledgerFileHandler: InputHandler = {
  on: "file",
  name: "导入台账",
  roles: ["town_admin", "district_supervisor", "admin"],
  refusal: "导入台账限镇（办）管理员、区督查和管理员。",
  async run(ctx) {
    // Whatever its name (a WeCom file may come without one): the importer recognises a workbook by content.
    const name = ctx.message.fileName || "台账.xlsx";
    if (!ctx.message.mediaSha256) throw new InputError("文件未收到，请重新发送。");
    const town = await townForFiles(ctx, undefined);
    ctx.queueFile("ledger-import", {
      sha256: ctx.message.mediaSha256,
      fileName: name,
      townId: town.id,
      campaignYear: ctx.settings.campaignYear,
    });
    // A large file takes seconds: say so at once. A small one is answered by its summary alone, a
    // second later — some chats take one reply per message (WeCom's AI bot callback: response_url).
    if ((await ctx.photos.sizeBySha(ctx.message.mediaSha256)) >= ACK_FROM_BYTES)
      ctx.reply(`已收到“${name}”，正在导入${town.name}台账，完成后发送结果。`);
    return true;
  },
};

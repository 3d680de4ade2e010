import { ForbiddenError } from "../base/errors.js";
import type { KnownContext } from "./context.js";

/** Who may take the whole district's archive: the district's own roles. */
const DISTRICT_ROLES = ["district_supervisor", "director", "admin"];

/**
 * 档案 全区: the 8月29日 report as one .zip, built after this message commits
 * (scheduler/file-jobs/district-archive-job.ts) and sent when it fits a chat file.
 */
export async function sendDistrictArchive(ctx: KnownContext): Promise<void> {
  if (!DISTRICT_ROLES.includes(ctx.person.role))
    throw new ForbiddenError("全区档案由区督查、领导或管理员导出；本镇（办）档案请发送「档案 镇名」。");
  ctx.reply("正在生成全区档案，完成后发送。");
  ctx.queueFile("district-archive", { campaignYear: ctx.settings.campaignYear });
}

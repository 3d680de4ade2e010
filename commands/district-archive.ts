import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ForbiddenError } from "../base/errors.js";
import { districtArchiveName } from "../reports/dossier/district-archive.js";
import type { KnownContext } from "./context.js";
import { ledgerServiceFor } from "./ledger.js";

/** Who may take the whole district's archive: the district's own roles. */
const DISTRICT_ROLES = ["district_supervisor", "director", "admin"];

/**
 * The largest archive sent into a chat: WeCom takes files up to 20 MB. A larger one is made with
 * `npm run ledger -- 档案 全区 -o 文件.zip`, which writes straight to disk.
 */
export const CHAT_ARCHIVE_LIMIT = 20 * 1024 * 1024;

/**
 * 档案 全区: the 8月29日 report as one .zip (reports/dossier/district-archive.ts). It is written to a
 * temporary file as it is made (one dossier in memory at a time) and sent when it fits a chat file.
 * (Until file building moves out of the message's transaction, it is made here, inside it.)
 */
export async function sendDistrictArchive(ctx: KnownContext): Promise<void> {
  if (!DISTRICT_ROLES.includes(ctx.person.role))
    throw new ForbiddenError("全区档案由区督查、领导或管理员导出；本镇（办）档案请发送「档案 镇名」。");
  const dir = await mkdtemp(join(tmpdir(), "huanbao-archive-"));
  try {
    const path = join(dir, "archive.zip");
    const result = await ledgerServiceFor(ctx).districtArchive(createWriteStream(path));
    const { size } = await stat(path);
    const fileName = `${districtArchiveName(result.date)}.zip`;
    const what = `${result.towns} 个镇（办）台账、督查跟踪台账、整治进度图和 ${result.enterprises} 家企业的一企一档`;
    if (size > CHAT_ARCHIVE_LIMIT) {
      ctx.reply(
        `全区档案（${what}）共 ${(size / 1024 / 1024).toFixed(0)} MB，超过聊天文件上限 ${CHAT_ARCHIVE_LIMIT / 1024 / 1024} MB。\n请管理员在服务器上导出：npm run ledger -- 档案 全区 -o 全区档案.zip`,
      );
      return;
    }
    ctx.replyWith({ kind: "file", bytes: await readFile(path), fileName });
    ctx.reply(`📎 ${fileName}\n含${what}。`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OutboundMessage } from "../../base/message.js";
import { districtArchiveName } from "../../reports/dossier/district-archive.js";
import type { createLedgerService } from "../../reports/ledger/ledger-service.js";

/**
 * The largest archive sent into a chat: WeCom takes files up to 20 MB. A larger one is made with
 * `npm run ledger -- 档案 全区 -o 文件.zip`, which writes straight to disk.
 */
export const CHAT_ARCHIVE_LIMIT = 20 * 1024 * 1024;

/**
 * 档案 全区: the 8月29日 report as one .zip (reports/dossier/district-archive.ts). It is written to a
 * temporary file as it is made (one dossier in memory at a time) and sent when it fits a chat file.
 */
export async function districtArchiveMessages(
  service: ReturnType<typeof createLedgerService>,
): Promise<OutboundMessage[]> {
  const dir = await mkdtemp(join(tmpdir(), "huanbao-archive-"));
  try {
    const path = join(dir, "archive.zip");
    const result = await service.districtArchive(createWriteStream(path));
    const { size } = await stat(path);
    const fileName = `${districtArchiveName(result.date)}.zip`;
    const what = `${result.towns} 个镇（办）台账、督查跟踪台账、整治进度图和 ${result.enterprises} 家企业的一企一档`;
    if (size > CHAT_ARCHIVE_LIMIT) {
      const text = `全区档案（${what}）共 ${(size / 1024 / 1024).toFixed(0)} MB，超过聊天文件上限 ${CHAT_ARCHIVE_LIMIT / 1024 / 1024} MB。\n请管理员在服务器上导出：npm run ledger -- 档案 全区 -o 全区档案.zip`;
      return [{ kind: "text", text }];
    }
    return [
      { kind: "file", bytes: await readFile(path), fileName },
      { kind: "text", text: `📎 ${fileName}\n含${what}。` },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

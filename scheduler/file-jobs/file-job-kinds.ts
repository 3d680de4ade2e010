import type { OutboundMessage } from "../../base/message.js";
import { chineseDate } from "../../domain/dates.js";
import { createLedgerService } from "../../reports/ledger/ledger-service.js";
import { districtArchiveMessages } from "./district-archive-job.js";
import type { FileJobArgs, FileJobEnv, FileJobKind, FileJobResult } from "./file-job-types.js";
import { buildLedgerImport } from "./ledger-import-job.js";
import { buildPushNow, pushNowFailed } from "./push-now-job.js";

export type { FileJobArgs, FileJobEnv, FileJobResult };

const text = (t: string): OutboundMessage => ({ kind: "text", text: t });
const str = (v: unknown): string => String(v ?? "");
const optional = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

function service(args: FileJobArgs, env: FileJobEnv) {
  return createLedgerService({
    db: env.db,
    photos: env.photos,
    clock: env.clock,
    campaignYear: Number(args.campaignYear),
    proof: env.proof,
  });
}

/**
 * Every file the bot builds after the message that asked for it. The asking command checked who may
 * have it and queued the job; these build it, outside any transaction, and say what to send.
 */
export const FILE_JOB_KINDS = {
  /** 台账 [镇名] [月份] */
  ledger: {
    what: (args) => `${str(args.town)}排查台账`,
    async build(args, env) {
      const ledger = await service(args, env).townLedger(str(args.town), optional(args.month));
      const as = ledger.submitted ? "（报送时的情况）" : "";
      return {
        messages: [
          { message: { kind: "file", bytes: ledger.xlsx, fileName: ledger.fileName } },
          {
            message: text(
              `📎 ${ledger.fileName}\n共 ${ledger.rows} 家企业，日期 ${chineseDate(ledger.date)}${as}。打印后盖章报送。`,
            ),
          },
        ],
      };
    },
  },
  /** 督查台账 [月份] */
  "supervision-ledger": {
    what: () => "督查跟踪台账",
    async build(args, env) {
      const ledger = await service(args, env).districtLedger(optional(args.month));
      return {
        messages: [
          { message: { kind: "file", bytes: ledger.xlsx, fileName: ledger.fileName } },
          {
            message: text(
              `📎 ${ledger.fileName}\n共 ${ledger.rows} 条移交记录，日期 ${chineseDate(ledger.date)}。`,
            ),
          },
        ],
      };
    },
  },
  /** 档案 <案件编号> */
  dossier: {
    what: (args) => `${str(args.caseNo)}档案`,
    async build(args, env) {
      const file = await service(args, env).dossier(str(args.caseNo));
      return {
        messages: [
          { message: { kind: "file", bytes: file.pdf, fileName: file.fileName } },
          { message: text(`📎 ${file.fileName}`) },
        ],
      };
    },
  },
  /** 档案 <镇名> */
  "town-dossiers": {
    what: (args) => `${str(args.town)}一企一档`,
    async build(args, env) {
      const archive = await service(args, env).townDossiers(str(args.town));
      return {
        messages: [
          { message: { kind: "file", bytes: archive.zip, fileName: archive.fileName } },
          { message: text(`📎 ${archive.fileName}（${archive.count} 家企业及台账）`) },
        ],
      };
    },
  },
  /** 档案 全区 */
  "district-archive": {
    what: () => "全区档案",
    async build(args, env) {
      return {
        messages: (await districtArchiveMessages(service(args, env))).map((message) => ({ message })),
      };
    },
  },
  /** 导入台账 (an .xlsx sent to the bot): read in a worker thread, stored in chunks, resumable. */
  "ledger-import": {
    what: () => "台账导入",
    failed: "导入台账时出错，已记录，未导入的行可重新发送该文件补上（已导入的不会重复）。",
    build: buildLedgerImport,
  },
  /** 立即推送 <推送名>: the period the command claimed, run now; done when its messages are queued. */
  "push-now": { what: (args) => str(args.word), build: buildPushNow, gaveUp: pushNowFailed },
} satisfies Record<string, FileJobKind>;

export type FileJobKindName = keyof typeof FILE_JOB_KINDS;

export function fileJobKind(name: string): FileJobKind | undefined {
  return Object.hasOwn(FILE_JOB_KINDS, name) ? FILE_JOB_KINDS[name as FileJobKindName] : undefined;
}

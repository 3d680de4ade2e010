import { type IsoDate, parseDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";
import type { EnterpriseType, ProgressState, Requirement } from "./enums.js";
import { REQUIREMENTS } from "./enums.js";
import { splitKeywords } from "./supervision-args.js";
import { quoteValue } from "./text-limits.js";
import { toHalfWidth } from "./text-normalize.js";
import { normalizeRequirement } from "./value-normalize.js";

/**
 * One row of ledger 2 (附件2 惠济区散乱污企业督查跟踪台账): 所在乡（镇）、办 · 企业名称 · 地址 · 企业类型 ·
 * 整治要求 · 移交日期 · 完成情况 (完成日期) · 分包责任人. The .xlsx builder consumes exactly this.
 */
export interface TransferRow {
  town: string;
  name: string;
  address: string;
  type: EnterpriseType;
  requirement: Requirement;
  transferredOn: IsoDate;
  /** 完成情况 at reporting time (待整治, 正在整治, 整改到位 …). */
  state: ProgressState;
  /** 完成日期, set when finished. */
  finishedOn: IsoDate | null;
  responsible: string;
  /** The enterprise was crossed off (销号). */
  closed?: boolean;
  /** The enterprise's report was withdrawn (撤回). */
  withdrawn?: boolean;
}

/** What ledger 2 needs of a transfer itself; everything else is the enterprise's. */
export interface TransferFacts {
  requirement: Requirement;
  transferredOn: IsoDate;
  responsible: string;
}

/**
 * A row of ledger 2: the transfer's requirement, date and 分包责任人, and the enterprise as it stood at
 * the ledger's moment — its one 完成情况, so 附件1 and 附件2 can never disagree.
 */
export function transferLedgerRow(t: TransferFacts, e: Enterprise): TransferRow {
  return {
    town: e.townName,
    name: e.name,
    address: e.village,
    type: e.type,
    requirement: t.requirement,
    transferredOn: t.transferredOn,
    state: e.state,
    finishedOn: e.finishedOn,
    responsible: t.responsible,
    closed: e.closedAt !== null,
    withdrawn: Boolean(e.withdrawnAt),
  };
}

/**
 * Who a problem is handed to (惠环保〔2017〕2号): the town to rectify it (移交, ledger 2); 公安 for
 * environmental offences 涉及行政拘留、犯罪 (调查取证移交公安部门); the 区政府 for what was 未整治到位、
 * 违法问题未处理到位. All are numbered and tracked alike; only the town's move the case and its ladder.
 */
export const TRANSFER_KIND_NAMES = ["town", "police", "government"] as const;
export type TransferKind = (typeof TRANSFER_KIND_NAMES)[number];

export const TRANSFER_KINDS: Record<TransferKind, { command: string; receiver: string }> = {
  town: { command: "移交", receiver: "镇（办）" },
  police: { command: "移交公安", receiver: "公安机关" },
  government: { command: "移交区政府", receiver: "区政府" },
};

/** Transfers are numbered YJ-0001 (移交), tips XS-0001 (线索): said on the phone like case numbers. */
export const TRANSFER_PREFIX = "YJ";
export const TIP_PREFIX = "XS";

export function serialNo(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(4, "0")}`;
}

/** Finds YJ-7 / yj0007 / ＹＪ－０００７ style numbers of one prefix; returns it and the rest. */
export function extractSerialNo(text: string, prefix: string): { no: string | null; rest: string } {
  const half = toHalfWidth(text).replace(/－/g, "-");
  const m = new RegExp(`\\b${prefix}[-_]?(\\d{1,6})\\b`, "i").exec(half);
  if (!m) return { no: null, rest: text.trim() };
  return {
    no: serialNo(prefix, Number(m[1])),
    rest: (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim(),
  };
}

export type InspectionResult =
  | { ok: true; kind: "conform"; note: string }
  | {
      ok: true;
      kind: "problem";
      problem: string;
      requirement: Requirement;
      deadline: IsoDate;
      responsible: string | null;
    }
  | { ok: false; message: string };

export const INSPECTION_USAGE =
  "督查 GY-0007 符合\n督查 GY-0007 问题 未安装废气收集装置 要求 整改完善 期限 4月30日";

/**
 * Reads what a supervisor found (the text after the case number): 符合 [说明], or
 * 问题 <描述> 要求 <整治要求> 期限 <日期> [责任人 <姓名>].
 */
export function parseInspection(text: string, campaignYear: number): InspectionResult {
  const t = text.trim();
  if (/^(符合|合格|无问题|已整改到位)/.test(t)) {
    return { ok: true, kind: "conform", note: t.replace(/^(符合|合格|无问题|已整改到位)[\s,，。:：]*/, "") };
  }
  const { head, values } = splitKeywords(t, {
    problem: ["问题", "存在问题"],
    requirement: ["整治要求", "要求"],
    deadline: ["整治期限", "期限"],
    responsible: ["分包责任人", "责任人"],
  });
  const problem = values.problem || (head && !/^问题/.test(head) ? head : "");
  if (!problem) return { ok: false, message: `请写明督查结果“符合”或“问题 …”，例如：\n${INSPECTION_USAGE}` };
  if (!values.requirement)
    return { ok: false, message: `请写明整治要求（${REQUIREMENTS.join("/")}），例如：要求 整改完善` };
  const requirement = normalizeRequirement(values.requirement);
  if (!requirement)
    return {
      ok: false,
      message: `整治要求${quoteValue(values.requirement)}无法识别，可填：${REQUIREMENTS.join("/")}`,
    };
  if (!values.deadline) return { ok: false, message: "请写明整改期限，例如：期限 4月30日" };
  const deadline = parseDate(values.deadline, campaignYear);
  if (!deadline)
    return { ok: false, message: `期限${quoteValue(values.deadline)}无法识别，例如：期限 4月30日` };
  return {
    ok: true,
    kind: "problem",
    problem,
    requirement,
    deadline,
    responsible: values.responsible || null,
  };
}

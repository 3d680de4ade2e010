import { chineseDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";
import { isFinished } from "./transitions.js";

/**
 * 完成情况 as the ledger writes it: the state, with the completion date when finished; 已销号 when
 * closed; 已撤回 for a report withdrawn as a mistake (which no ledger lists).
 */
export function stateLabel(
  e: Pick<Enterprise, "state" | "requirement" | "finishedOn" | "closedAt"> & { withdrawnAt?: string | null },
): string {
  if (e.withdrawnAt) return "已撤回";
  const finished =
    isFinished(e.requirement, e.state) && e.finishedOn
      ? `${e.state}（${chineseDate(e.finishedOn)}）`
      : e.state;
  return e.closedAt ? `已销号 · ${finished}` : finished;
}

/** The short card a phone shows for one enterprise. */
export function enterpriseCard(e: Enterprise): string {
  const lines = [
    `【${e.caseNo}】${e.name}`,
    `镇（办）：${e.townName} · ${e.village}`,
    `类型：${e.type} · 规模：${e.scale}`,
    `原辅材料：${e.materials} · ${e.waterAir} · 手续：${e.permits}`,
    `整治要求：${e.requirement} · 期限：${e.deadline}`,
    `分包责任人：${e.responsible}`,
    `完成情况：${stateLabel(e)}`,
  ];
  if (e.remarks) lines.push(`备注：${e.remarks}`);
  if (e.withdrawnAt) lines.push(`⚠️ 已撤回：${e.withdrawReason ?? ""}（不计入进度、台账和通报）`);
  return lines.join("\n");
}

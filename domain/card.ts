import { completionOf } from "./completion.js";
import { chineseDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";

/** 完成情况 as the ledgers write it (domain/completion.ts): chat says it the same way. */
export const stateLabel = completionOf;

/** The short card a phone shows for one enterprise. */
export function enterpriseCard(e: Enterprise): string {
  const lines = [
    `【${e.caseNo}】${e.name}`,
    `镇（办）：${e.townName} · ${e.village}`,
    `类型：${e.type} · 规模：${e.scale}`,
    `原辅材料：${e.materials} · ${e.waterAir} · 手续：${e.permits}`,
    `整治要求：${e.requirement} · 期限：${chineseDate(e.deadline)}`,
    `分包责任人：${e.responsible}`,
    `完成情况：${stateLabel(e)}`,
  ];
  if (e.remarks) lines.push(`备注：${e.remarks}`);
  if (e.withdrawnAt) lines.push(`⚠️ 已撤回：${e.withdrawReason ?? ""}（不计入进度、台账和通报）`);
  return lines.join("\n");
}

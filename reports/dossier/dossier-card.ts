import { completionOf } from "../../domain/completion.js";
import { chineseDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { formatTime } from "./photo-evidence.js";

/** The card of 一企一档: every ledger 1 field under its ledger wording, plus the case's own facts. */
export function dossierCard(e: Enterprise, timeZone: string): [string, string][] {
  const closed = e.closedAt !== null;
  return [
    ["案件编号", e.caseNo],
    ["镇（办）", e.townName],
    ["所在村组", e.village],
    ["企业名称", e.name],
    ["企业类型", e.type],
    ["企业规模 (人员等)", e.scale],
    ["原辅材料", e.materials],
    ["涉水涉气", e.waterAir],
    ["有无手续", e.permits],
    ["整治要求", e.requirement],
    ["上报时间", reportedText(e, timeZone)],
    ["整治期限", chineseDate(e.deadline)],
    ["分包责任人", e.responsible],
    ["完成情况 (完成日期)", completionOf(e)],
    ["销号", closed && e.closedAt ? `已销号（${formatTime(e.closedAt, timeZone)}）` : "未销号"],
    ["反弹次数", String(e.reopenCount)],
    [
      "厂址坐标",
      e.siteLat !== null && e.siteLng !== null
        ? `北纬${e.siteLat.toFixed(4)}°，东经${e.siteLng.toFixed(4)}°`
        : "未记录",
    ],
    ["备注", e.remarks ?? ""],
  ];
}

/** The day it was reported, with the time when the bot took the report that day; an imported case says when it was entered. */
function reportedText(e: Enterprise, timeZone: string): string {
  const at = formatTime(e.reportedAt, timeZone);
  return at.startsWith(chineseDate(e.reportedOn)) ? at : `${chineseDate(e.reportedOn)}（系统录入：${at}）`;
}

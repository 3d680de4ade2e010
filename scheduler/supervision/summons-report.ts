import { chineseDate, daysBetween, type IsoDate } from "../../domain/dates.js";
import type { Enterprise } from "../../domain/enterprise.js";
import { historyLine } from "../../domain/history.js";
import type { Repos } from "../../storage/repos.js";
import type { Escalation } from "../../storage/supervision-escalations-repo.js";
import type { SupervisionRepos } from "../../storage/supervision-repos.js";
import type { Transfer } from "../../storage/supervision-transfers-repo.js";

/** How the ladder names what is overdue: a transfer (with its problem) or an ordinary case. */
export const transferLabel = (t: Transfer) =>
  `移交 ${t.transferNo}【${t.caseNo}】${t.enterpriseName}（问题：${t.problem}）`;
export const caseLabel = (e: Enterprise) => `案件【${e.caseNo}】${e.name}（${e.requirement}）`;

/** One overdue item of a summons (报区大气办建议约谈), as the proposal and the report list it. */
export interface SummonsItem {
  enterpriseId: number;
  label: string;
  /** The original 整治期限 and the one the 限期整治 notice gave. */
  deadline: IsoDate;
  noticeDeadline: IsoDate;
  state: string;
}

/** The items of recorded summons steps, from their subjects as they stand now. */
export async function summonsItems(
  core: Repos,
  sv: SupervisionRepos,
  steps: readonly Escalation[],
): Promise<SummonsItem[]> {
  const items: SummonsItem[] = [];
  for (const s of steps) {
    const ladder = (await sv.escalations.forSubjects(s.subjectType, [s.subjectId])).get(
      `${s.subjectType}:${s.subjectId}:${s.round}`,
    );
    const notice = ladder?.find((x) => x.step === "notice");
    const noticeDeadline = notice?.newDeadline ?? s.onDate;
    if (s.subjectType === "transfer") {
      const t = await sv.transfers.byId(s.subjectId);
      if (t)
        items.push({
          enterpriseId: t.enterpriseId,
          label: transferLabel(t),
          deadline: t.deadline,
          noticeDeadline,
          state: t.state,
        });
    } else {
      const e = await core.enterprises.byId(s.subjectId);
      if (e)
        items.push({
          enterpriseId: e.id,
          label: caseLabel(e),
          deadline: e.deadline,
          noticeDeadline,
          state: e.state,
        });
    }
  }
  return items;
}

/** Each item with its deadlines, how long overdue, its state and the last steps of its history. */
export async function summonsParts(
  core: Repos,
  items: readonly SummonsItem[],
  day: IsoDate,
): Promise<string[]> {
  const parts: string[] = [];
  for (const i of items) {
    const history = (await core.audit.forEntity("enterprise", i.enterpriseId)).slice(-6).map(historyLine);
    parts.push(
      `· ${i.label}\n  原期限 ${chineseDate(i.deadline)}，限期至 ${chineseDate(i.noticeDeadline)}，又逾期${daysBetween(i.noticeDeadline, day)}天，现为“${i.state}”\n  经过：\n  ${history.join("\n  ")}`,
    );
  }
  return parts;
}

/** What the district supervisors are asked: the bot proposes, a person decides (惠环保〔2017〕2号 四). */
export function summonsProposalText(townName: string, parts: readonly string[]): string {
  return [
    `🚨 建议约谈${townName}政府（待区督查确认）`,
    `以下 ${parts.length} 项经通报限期整治仍未整改到位，建议报区大气办约谈辖区政府：`,
    ...parts,
    `确认报送请发送「约谈 确认 ${townName}」（报区大气办：区级群、领导群）；`,
    `不报请发送「约谈 不报 ${townName} 理由」。`,
  ].join("\n");
}

/** The report to 区大气办 once confirmed, naming who confirmed it. */
export function summonsReportText(townName: string, parts: readonly string[], confirmedBy: string): string {
  return [
    `🚨 报区大气办：建议约谈${townName}政府`,
    `以下 ${parts.length} 项经通报限期整治仍未整改到位（区督查${confirmedBy}确认报送）：`,
    ...parts,
  ].join("\n");
}

/** What the town is told once the report went out. */
export const summonsTownNotice = (townName: string, n: number) =>
  `🚨 ${townName}：${n} 项限期整治逾期仍未整改到位，已报区大气办建议约谈。请立即整改并报送。`;

import { daysBetween, type IsoDate } from "../../domain/dates.js";
import { figures } from "../../domain/phone-text.js";
import { delta, milestoneLines, percent, rankTowns, shortDate, townRate } from "./bulletin-format.js";
import { surveyLines } from "./bulletin-survey.js";
import type { CaseLine, Milestone, TownMonthStats, TownWeekStats } from "./bulletin-types.js";

export interface WeeklyBulletinInput {
  /** The week reported on: ISO year and week, Monday and Sunday. */
  week: { year: number; week: number; from: IsoDate; to: IsoDate };
  today: IsoDate;
  towns: TownWeekStats[];
  milestones: Milestone[];
  /** Towns that have not declared 排查完成 (the 2月28日 milestone). */
  surveyPending?: string[];
}

type Sums = Omit<TownWeekStats, "town" | "completionRate"> & { finished: number };

function sumWeek(towns: TownWeekStats[]): Sums {
  const s: Sums = { total: 0, newThisWeek: 0, finishedThisWeek: 0, closed: 0, overdue: 0, finished: 0 };
  for (const t of towns) {
    s.total += t.total;
    s.newThisWeek += t.newThisWeek;
    s.finishedThisWeek += t.finishedThisWeek;
    s.closed += t.closed;
    s.overdue += t.overdue;
    s.finished += Math.round(t.completionRate * t.total);
  }
  return s;
}

/**
 * 周通报: the district line, the count-downs, then each town ranked, one line each with every number
 * labelled (phones show it in a proportional font: nothing is aligned with spaces).
 *
 * @example
 *   renderWeeklyBulletin({ week: { year: 2017, week: 11, from: "2017-03-13", to: "2017-03-19" },
 *     today: "2017-03-20", towns, milestones: campaignMilestones(2017) })
 */
export function renderWeeklyBulletin(input: WeeklyBulletinInput): string {
  const { week, towns } = input;
  const s = sumWeek(towns);
  const rate = s.total ? s.finished / s.total : 0;
  const lines = [
    `【周通报】${week.year}年第${week.week}周（${shortDate(week.from)}—${shortDate(week.to)}）`,
    `全区在册 ${s.total} 家，本周新增 ${s.newThisWeek}，本周完成 ${s.finishedThisWeek}，累计销号 ${s.closed}，逾期 ${s.overdue}，完成率 ${percent(rate)}。`,
    ...milestoneLines(input.milestones, input.today),
    ...surveyLines(input.surveyPending, input.milestones, input.today),
    "",
  ];
  rankTowns(towns).forEach((t, i) => {
    lines.push(
      `${i + 1}. ${t.town}：${figures([
        ["完成率", townRate(t)],
        ["逾期", t.overdue],
        ["在册", t.total],
        ["新增", t.newThisWeek],
        ["完成", t.finishedThisWeek],
        ["销号", t.closed],
      ])}`,
    );
  });
  return lines.join("\n");
}

export interface MonthlySummaryInput {
  /** 'YYYY-MM', the month summed up. */
  month: string;
  today: IsoDate;
  towns: TownMonthStats[];
  /** The month before, to show the change; empty or missing for the first month. */
  previous?: TownMonthStats[];
  milestones: Milestone[];
  /** Towns that have not declared 排查完成 (the 2月28日 milestone). */
  surveyPending?: string[];
}

function sumMonth(towns: TownMonthStats[]) {
  let total = 0;
  let newThisMonth = 0;
  let finishedThisMonth = 0;
  let closed = 0;
  let overdue = 0;
  let finished = 0;
  for (const t of towns) {
    total += t.total;
    newThisMonth += t.newThisMonth;
    finishedThisMonth += t.finishedThisMonth;
    closed += t.closed;
    overdue += t.overdue;
    finished += Math.round(t.completionRate * t.total);
  }
  return {
    total,
    newThisMonth,
    finishedThisMonth,
    closed,
    overdue,
    completionRate: total ? finished / total : 0,
  };
}

/** '（↑3）' against last month, or nothing when there is no last month. */
function change(now: number, before: number | undefined, digits = 0, scale = 1): string {
  return before === undefined ? "" : `（${delta((now - before) * scale, digits)}）`;
}

/**
 * 月小结: the month's totals and each town's, with the change against the month before
 * (↑/↓, completion in percentage points).
 */
export function renderMonthlySummary(input: MonthlySummaryInput): string {
  const [y, m] = input.month.split("-").map(Number);
  const now = sumMonth(input.towns);
  const hasPrev = (input.previous?.length ?? 0) > 0;
  const prev = input.previous && hasPrev ? sumMonth(input.previous) : undefined;
  const lines = [
    `【月小结】${y}年${m}月`,
    `全区在册 ${now.total} 家${change(now.total, prev?.total)}，本月新增 ${now.newThisMonth}${change(now.newThisMonth, prev?.newThisMonth)}，本月完成 ${now.finishedThisMonth}${change(now.finishedThisMonth, prev?.finishedThisMonth)}，累计销号 ${now.closed}${change(now.closed, prev?.closed)}，逾期 ${now.overdue}${change(now.overdue, prev?.overdue)}，完成率 ${percent(now.completionRate)}${change(now.completionRate, prev?.completionRate, 1, 100)}。`,
  ];
  if (prev) lines.push("括号内为与上月相比，完成率单位为百分点。");
  lines.push(
    ...milestoneLines(input.milestones, input.today),
    ...surveyLines(input.surveyPending, input.milestones, input.today),
    "",
  );
  const before = new Map((input.previous ?? []).map((t) => [t.town, t]));
  rankTowns(input.towns).forEach((t, i) => {
    const p = before.get(t.town);
    const rate = `${townRate(t)}${t.total && p?.total ? change(t.completionRate, p.completionRate, 1, 100) : ""}`;
    lines.push(
      `${i + 1}. ${t.town}：${figures([
        ["完成率", rate],
        ["在册", `${t.total}${change(t.total, p?.total)}`],
        ["新增", t.newThisMonth],
        ["完成", `${t.finishedThisMonth}${change(t.finishedThisMonth, p?.finishedThisMonth)}`],
        ["销号", `${t.closed}${change(t.closed, p?.closed)}`],
        ["逾期", `${t.overdue}${change(t.overdue, p?.overdue)}`],
      ])}`,
    );
  });
  return lines.join("\n");
}

/** 逾期清单 for one town, longest overdue first; null when the town has none. */
export function renderTownOverdueList(
  town: string,
  cases: CaseLine[],
  today: IsoDate,
  limit = 30,
): string | null {
  const overdue = cases
    .filter((c) => daysBetween(c.deadline, today) > 0)
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.caseNo.localeCompare(b.caseNo));
  if (overdue.length === 0) return null;
  const lines = [`【${town}逾期清单】共 ${overdue.length} 家，请分包责任人抓紧整治：`];
  for (const c of overdue.slice(0, limit)) {
    lines.push(
      `· ${c.caseNo} ${c.name}（${c.requirement}，期限${shortDate(c.deadline)}，逾期 ${daysBetween(c.deadline, today)} 天，分包责任人：${c.responsible}）`,
    );
  }
  if (overdue.length > limit) lines.push(`……另有 ${overdue.length - limit} 家未列出。`);
  return lines.join("\n");
}

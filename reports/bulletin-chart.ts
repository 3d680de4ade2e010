import { percent, rankTowns, shortDate } from "./bulletin-format.js";
import type { WeeklyBulletinInput } from "./bulletin-text.js";
import { type RenderedChart, renderBarChart } from "./chart-bar.js";

/** The 周通报 picture: each town's completion rate, ranked, its overdue count at the right. */
export function renderWeeklyChart(input: WeeklyBulletinInput, highlight?: string): RenderedChart {
  const ranked = rankTowns(input.towns);
  let total = 0;
  let finished = 0;
  let overdue = 0;
  for (const t of input.towns) {
    total += t.total;
    finished += Math.round(t.completionRate * t.total);
    overdue += t.overdue;
  }
  const { week } = input;
  return renderBarChart({
    title: `周通报 ${week.year}年第${week.week}周 完成率排名`,
    subtitle: `${shortDate(week.from)}—${shortDate(week.to)}　全区在册 ${total} 家　完成率 ${percent(total ? finished / total : 0)}　逾期 ${overdue} 家`,
    rows: ranked.map((t) => ({
      label: t.town,
      value: t.completionRate,
      valueLabel: t.total ? undefined : "暂无案件",
      note: `逾期 ${t.overdue}`,
      alert: t.overdue > 0,
    })),
    highlight,
  });
}

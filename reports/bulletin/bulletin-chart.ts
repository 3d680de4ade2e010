import type { ChartPage, RenderedChart } from "../chart/echarts-render.js";
import { renderChartPngs } from "../chart/echarts-render.js";
import { rankingChart } from "../chart/ranking-chart.js";
import { percent, rankTowns, shortDate } from "./bulletin-format.js";
import type { WeeklyBulletinInput } from "./bulletin-text.js";

/**
 * Towns per picture. 40 rows make a 1080×~2700 PNG: Telegram refuses photos whose width + height
 * passes 10,000 px or whose sides differ more than 20×, and a long strip is unreadable on a phone.
 */
export const TOWNS_PER_CHART = 40;

/**
 * The 周通报 pictures: each town's completion rate, ranked, its overdue count at the right; one
 * picture per 40 towns, titled (1/5), (2/5) … when there are more.
 */
export function renderWeeklyCharts(
  input: WeeklyBulletinInput,
  options: { highlight?: string; townsPerChart?: number } = {},
): Promise<RenderedChart[]> {
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
  const per = options.townsPerChart ?? TOWNS_PER_CHART;
  const pages = Math.max(1, Math.ceil(ranked.length / per));
  const charts: ChartPage[] = [];
  for (let page = 0; page < pages; page++) {
    const slice = ranked.slice(page * per, (page + 1) * per);
    charts.push(
      rankingChart({
        title: `周通报 ${week.year}年第${week.week}周 完成率排名${pages > 1 ? `（${page + 1}/${pages}）` : ""}`,
        subtitle: `${shortDate(week.from)}—${shortDate(week.to)}　全区在册 ${total} 家　完成率 ${percent(total ? finished / total : 0)}　逾期 ${overdue} 家`,
        rows: slice.map((t, i) => ({
          label: pages > 1 ? `${page * per + i + 1}. ${t.town}` : t.town,
          value: t.completionRate,
          valueLabel: t.total ? undefined : "暂无案件",
          note: `逾期 ${t.overdue}`,
          alert: t.overdue > 0,
        })),
        highlight: options.highlight,
      }),
    );
  }
  return renderChartPngs(charts);
}

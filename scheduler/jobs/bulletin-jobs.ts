import { isoWeek, zonedInstant } from "../../base/zoned-time.js";
import { addDays } from "../../domain/dates.js";
import { renderWeeklyCharts, TOWNS_PER_CHART } from "../../reports/bulletin/bulletin-chart.js";
import { rankTowns } from "../../reports/bulletin/bulletin-format.js";
import {
  renderMonthlySummary,
  renderTownOverdueList,
  renderWeeklyBulletin,
} from "../../reports/bulletin/bulletin-text.js";
import {
  campaignMilestones,
  type TownMonthStats,
  type TownWeekStats,
} from "../../reports/bulletin/bulletin-types.js";
import { renderChartPngs } from "../../reports/chart/echarts-render.js";
import { wallChartPages } from "../../reports/chart/wall-chart.js";
import { loadWallChart } from "../../reports/chart/wall-chart-data.js";
import type { TownPeriodRow } from "../../storage/campaign-stats-repo.js";
import { createRepos } from "../../storage/repos.js";
import { createSurveyRepo } from "../../storage/survey-repo.js";
import type { JobDefinition, ScheduledMessage } from "../job.js";
import { type CampaignDeps, loadCampaign, monthRange, previousMonth } from "./campaign-context.js";

type Loaded = Awaited<ReturnType<typeof loadCampaign>>;

/** Rows for every town, in the towns' order, zero where a town has no case yet. */
function perTown<T>(c: Loaded, rows: TownPeriodRow[], make: (town: string, r: TownPeriodRow) => T): T[] {
  const byId = new Map(rows.map((r) => [r.townId, r]));
  const zero = { total: 0, newIn: 0, finishedIn: 0, closed: 0, overdue: 0, done: 0 };
  return c.towns.map((t) => make(t.name, byId.get(t.id) ?? { townId: t.id, ...zero }));
}

const rate = (r: TownPeriodRow) => (r.total ? r.done / r.total : 0);

/** The towns that have not declared 排查完成 (the seed's 2月28日 milestone), in the towns' order. */
async function surveyPending(deps: CampaignDeps, c: Loaded): Promise<string[]> {
  const declared = new Set((await createSurveyRepo(deps.db).all()).map((d) => d.townId));
  return c.towns.filter((t) => !declared.has(t.id)).map((t) => t.name);
}

/**
 * 周通报, Monday: last week's numbers as text and a chart, to each town group (with its own 逾期清单)
 * and to the leadership group, which also gets the district's wall chart (挂图) as it stands today.
 */
export function weeklyBulletinJob(cron: string, deps: CampaignDeps): JobDefinition {
  return {
    name: "weekly-bulletin",
    cron,
    period: "week",
    async run({ period }) {
      const c = await loadCampaign(deps);
      const today = period.date;
      // The week reported on: the Monday-to-Sunday before today's date.
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
      const from = addDays(today, -weekday - 7);
      const to = addDays(from, 6);
      const [y, m, d] = addDays(to, 1).split("-").map(Number) as [number, number, number];
      const endInstant = zonedInstant(deps.timezone, y, m, d).toISOString();
      const rows = await c.stats.periodStats(from, to, endInstant);
      const towns: TownWeekStats[] = perTown(c, rows, (town, r) => ({
        town,
        total: r.total,
        newThisWeek: r.newIn,
        finishedThisWeek: r.finishedIn,
        closed: r.closed,
        overdue: r.overdue,
        completionRate: rate(r),
      }));
      const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
      const w = isoWeek(fy, fm, fd);
      const input = {
        week: { year: w.year, week: w.week, from, to },
        today,
        towns,
        milestones: campaignMilestones(deps.campaignYear),
        surveyPending: await surveyPending(deps, c),
      };
      const bulletin = { kind: "text" as const, text: renderWeeklyBulletin(input) };
      const images = (await renderWeeklyCharts(input)).map((chart, i) => ({
        kind: "image" as const,
        bytes: chart.png,
        fileName: `周通报-${w.year}-W${w.week}${i ? `-${i + 1}` : ""}.png`,
      }));
      const bulletinAndCharts = [bulletin, ...images];
      // A town group gets the chart page its own town is on; the leadership gets every page.
      const pageOf = new Map(rankTowns(towns).map((t, i) => [t.town, Math.floor(i / TOWNS_PER_CHART)]));
      const overdue = await c.stats.overdueCases(today);
      const out: ScheduledMessage[] = [];
      for (const town of c.towns) {
        const groups = c.townGroups.get(town.id) ?? [];
        const list = renderTownOverdueList(
          town.name,
          overdue.filter((o) => o.townId === town.id),
          today,
        );
        const page = images[pageOf.get(town.name) ?? 0];
        for (const target of groups) {
          out.push({ target, message: bulletin });
          if (page) out.push({ target, message: page });
          if (list) out.push({ target, message: { kind: "text", text: list } });
        }
      }
      if (c.leadership.length > 0) {
        const wall = await loadWallChart(createRepos(deps.db), { today });
        const wallImages = (await renderChartPngs(wallChartPages(wall))).map((chart, i, all) => ({
          kind: "image" as const,
          bytes: chart.png,
          fileName: `挂图-${w.year}-W${w.week}${all.length > 1 ? `-${i + 1}` : ""}.png`,
        }));
        for (const target of c.leadership)
          for (const message of [...bulletinAndCharts, ...wallImages]) out.push({ target, message });
      }
      return out;
    },
  };
}

/** 月小结, on the 1st: last month against the month before, to every bound group. */
export function monthlySummaryJob(cron: string, deps: CampaignDeps): JobDefinition {
  return {
    name: "monthly-summary",
    cron,
    period: "month",
    async run({ period }) {
      const c = await loadCampaign(deps);
      const month = previousMonth(period.date.slice(0, 7));
      const stats = async (mo: string): Promise<TownMonthStats[]> => {
        const r = monthRange(mo, deps.timezone);
        return perTown(c, await c.stats.periodStats(r.from, r.to, r.endInstant), (town, row) => ({
          town,
          total: row.total,
          newThisMonth: row.newIn,
          finishedThisMonth: row.finishedIn,
          closed: row.closed,
          overdue: row.overdue,
          completionRate: rate(row),
        }));
      };
      const before = await stats(previousMonth(month));
      const text = renderMonthlySummary({
        month,
        today: period.date,
        towns: await stats(month),
        // Before the first case was reported there is nothing to compare with.
        previous: before.some((t) => t.total > 0) ? before : undefined,
        milestones: campaignMilestones(deps.campaignYear),
        surveyPending: await surveyPending(deps, c),
      });
      const message = { kind: "text" as const, text };
      const targets = [...[...c.townGroups.values()].flat(), ...c.district, ...c.leadership];
      return targets.map((target) => ({ target, message }));
    },
  };
}

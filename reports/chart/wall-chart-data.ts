import { caseStage, isOverdue } from "../../domain/case-stage.js";
import type { IsoDate } from "../../domain/dates.js";
import { summarizeProgress } from "../../domain/progress-stats.js";
import type { Repos } from "../../storage/repos.js";
import type { Town } from "../../storage/towns-repo.js";
import type { WallCase, WallChartInput } from "./wall-chart.js";

/**
 * The wall as it stands today: the district (every town, every case) or one town. Each town's
 * numbers come from the same counts and the same summing as 进度 (summarizeProgress), so the picture
 * and the reply can never disagree.
 */
export async function loadWallChart(
  repos: Pick<Repos, "towns" | "enterprises">,
  options: { today: IsoDate; town?: Town },
): Promise<WallChartInput> {
  const { today, town } = options;
  const towns = town ? [town] : await repos.towns.list();
  const progress = summarizeProgress(await repos.enterprises.progressCells(today, town?.id), towns);
  const enterprises = town ? await repos.enterprises.listByTown(town.id) : await repos.enterprises.listAll();
  const cases = new Map<number, WallCase[]>(towns.map((t) => [t.id, []]));
  for (const e of enterprises) {
    cases.get(e.townId)?.push({
      caseNo: e.caseNo,
      name: e.name,
      stage: caseStage(e),
      overdue: isOverdue(e, today),
    });
  }
  return {
    scope: town?.name ?? "全区",
    date: today,
    detail: Boolean(town),
    towns: progress.map((p) => ({
      town: p.townName,
      total: p.total,
      finished: p.finished,
      closed: p.closed,
      overdue: p.overdue,
      cases: cases.get(p.townId) ?? [],
    })),
  };
}

import { addDays } from "../../domain/dates.js";
import { renderDeadlineWarnings, WARNING_DAYS } from "../../reports/bulletin/bulletin-reminders.js";
import type { JobDefinition, ScheduledMessage } from "../job.js";
import { type CampaignDeps, loadCampaign } from "./campaign-context.js";

/** Every morning: to each town group, its cases 7, 3 and 1 days from their deadline or overdue since today. */
export function deadlineWarningsJob(cron: string, deps: CampaignDeps): JobDefinition {
  return {
    name: "deadline-warnings",
    cron,
    period: "day",
    async run({ period }) {
      const today = period.date;
      const c = await loadCampaign(deps);
      const cases = await c.stats.openCasesDueOn(WARNING_DAYS.map((d) => addDays(today, d)));
      const out: ScheduledMessage[] = [];
      for (const town of c.towns) {
        const groups = c.townGroups.get(town.id);
        if (!groups) continue;
        const text = renderDeadlineWarnings(
          town.name,
          today,
          cases.filter((k) => k.townId === town.id),
        );
        if (text) for (const target of groups) out.push({ target, message: { kind: "text", text } });
      }
      return out;
    },
  };
}

import {
  renderLedgerHeadsUp,
  renderLedgerReminder,
  renderSubmissionStatus,
} from "../../reports/bulletin/bulletin-reminders.js";
import type { CaseLine } from "../../reports/bulletin/bulletin-types.js";
import type { JobDefinition, ScheduledMessage } from "../job.js";
import { zonedParts } from "../zoned-time.js";
import { type CampaignDeps, ledgersDue, loadCampaign, monthRange } from "./campaign-context.js";

const text = (t: string) => ({ kind: "text" as const, text: t });

/** The 20th's heads-up and the 23rd's reminder: to each town group, with its cases lacking an update. */
function townLedgerJob(
  name: "ledger-headsup" | "ledger-reminder",
  cron: string,
  deps: CampaignDeps,
  render: typeof renderLedgerHeadsUp,
): JobDefinition {
  return {
    name,
    cron,
    period: "month",
    async run({ period }) {
      const month = period.date.slice(0, 7);
      if (!ledgersDue(month, deps.campaignYear)) return [];
      const c = await loadCampaign(deps);
      const { startInstant } = monthRange(month, deps.timezone);
      const out: ScheduledMessage[] = [];
      for (const town of c.towns) {
        const groups = c.townGroups.get(town.id);
        if (!groups) continue;
        const staleCases: CaseLine[] = await c.stats.staleOpenCases(town.id, startInstant);
        const message = text(render({ town: town.name, month, today: period.date, staleCases }));
        for (const target of groups) out.push({ target, message });
      }
      return out;
    },
  };
}

export const ledgerHeadsUpJob = (cron: string, deps: CampaignDeps) =>
  townLedgerJob("ledger-headsup", cron, deps, renderLedgerHeadsUp);

export const ledgerReminderJob = (cron: string, deps: CampaignDeps) =>
  townLedgerJob("ledger-reminder", cron, deps, renderLedgerReminder);

/** The 23rd's evening: the district groups learn who has confirmed 报送 and who has not. */
export function submissionStatusJob(cron: string, deps: CampaignDeps): JobDefinition {
  return {
    name: "submission-status",
    cron,
    period: "month",
    async run({ period }) {
      const month = period.date.slice(0, 7);
      if (!ledgersDue(month, deps.campaignYear)) return [];
      const c = await loadCampaign(deps);
      if (c.district.length === 0) return [];
      const sent = new Map((await c.submissions.forMonth(month)).map((s) => [s.townId, s.submittedOn]));
      const p = zonedParts(period.dueAt, deps.timezone);
      const asOf = `${p.month}月${p.day}日 ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
      const message = text(
        renderSubmissionStatus(
          month,
          asOf,
          c.towns.map((t) => ({ town: t.name, submittedOn: sent.get(t.id) ?? null })),
        ),
      );
      return c.district.map((target) => ({ target, message }));
    },
  };
}

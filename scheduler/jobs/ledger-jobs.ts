import { zonedParts } from "../../base/zoned-time.js";
import {
  renderLedgerHeadsUp,
  renderLedgerReminder,
  renderSubmissionStatus,
} from "../../reports/bulletin/bulletin-reminders.js";
import type { CaseLine } from "../../reports/bulletin/bulletin-types.js";
import { ledger1FileName, ledgerRows } from "../../reports/ledger/ledger-select.js";
import { buildLedger1Xlsx } from "../../reports/ledger/ledger1-xlsx.js";
import { createEnterprisesRepo } from "../../storage/enterprises-repo.js";
import type { JobDefinition, ScheduledMessage } from "../job.js";
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
    async run({ period, now }) {
      const month = period.date.slice(0, 7);
      if (!ledgersDue(month, deps.campaignYear)) return [];
      const c = await loadCampaign(deps);
      const { startInstant } = monthRange(month, deps.timezone);
      const enterprises = createEnterprisesRepo(deps.db);
      const out: ScheduledMessage[] = [];
      for (const town of c.towns) {
        const groups = c.townGroups.get(town.id);
        if (!groups) continue;
        const staleCases: CaseLine[] = await c.stats.staleOpenCases(town.id, startInstant);
        const message = text(render({ town: town.name, month, today: period.date, staleCases }));
        // The town's ledger as it stands, to check, print and stamp (the README's promise).
        const rows = ledgerRows(await enterprises.townAsOf(town.id, now.toISOString()), period.date);
        const ledger = {
          kind: "file" as const,
          bytes: await buildLedger1Xlsx({ town: town.name, date: period.date, enterprises: rows }),
          fileName: ledger1FileName(town.name, period.date),
        };
        for (const target of groups) out.push({ target, message }, { target, message: ledger });
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
      const status = new Map((await c.submissions.monthStatus(month)).map((s) => [s.townId, s]));
      const p = zonedParts(period.dueAt, deps.timezone);
      const asOf = `${p.month}月${p.day}日 ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
      const message = text(
        renderSubmissionStatus(
          month,
          asOf,
          c.towns.map((t) => ({
            town: t.name,
            ledgerOn: status.get(t.id)?.ledgerOn ?? null,
            stampedOn: status.get(t.id)?.stampedOn ?? null,
            summaryOn: status.get(t.id)?.summaryOn ?? null,
          })),
        ),
      );
      return c.district.map((target) => ({ target, message }));
    },
  };
}

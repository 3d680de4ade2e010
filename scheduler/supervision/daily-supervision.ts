import { runEscalations } from "./escalation-run.js";
import { runReboundChecks } from "./rebound-run.js";
import type { QueuedMessage, RunnerDeps } from "./runner-deps.js";
import { runTipDeadlines } from "./tip-deadlines.js";

/** What the daily job runs: the escalation ladder, the rebound checks, and overdue tips. */
export async function runDailySupervision(deps: RunnerDeps): Promise<QueuedMessage[]> {
  return [
    ...(await runEscalations(deps)),
    ...(await runReboundChecks(deps)),
    ...(await runTipDeadlines(deps)),
  ];
}

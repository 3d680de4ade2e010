import type { Knex } from "knex";
import * as core from "./20261128-001-core.js";
import * as jobRuns from "./20261128-004-job-runs.js";
import * as supervision from "./20261128-006-supervision.js";
import * as progressCounts from "./20261128-007-progress-counts.js";
import * as dropProgressIndex from "./20261128-008-drop-progress-index.js";
import * as operatorAlerts from "./20261129-010-operator-alerts.js";
import * as platformText from "./20261129-011-platform-text.js";
import * as withdrawnNameKeys from "./20261129-012-withdrawn-name-keys.js";
import * as outboxOrder from "./20261129-013-outbox-order.js";
import * as stateChecks from "./20261129-015-state-checks.js";
import * as summonsTransferKinds from "./20261129-016-summons-transfer-kinds.js";
import * as counters from "./20261129-017-counters.js";
import * as caseRecord from "./20261129-018-case-record.js";
import * as missedJobRuns from "./20261129-019-missed-job-runs.js";
import * as inboundLease from "./20261129-020-inbound-lease.js";
import * as fileJobs from "./20261129-021-file-jobs.js";
import * as submissionParts from "./20261129-022-submission-parts.js";
import * as plainWords from "./20261129-023-plain-words.js";
import * as reopenedAt from "./20261129-024-reopened-at.js";
import * as auditAtIndex from "./20261129-025-audit-at-index.js";
import * as pendingMedia from "./20261129-026-pending-media.js";
import * as replyRef from "./20261129-027-reply-ref.js";

/**
 * Append-only list of migrations, in order. Imported as modules (not read from a folder) so they
 * run the same under tsx, vitest and a bundler.
 */
const MIGRATIONS: Record<string, Knex.Migration> = {
  "20261128-001-core": core,
  "20261128-004-job-runs": jobRuns,
  "20261128-006-supervision": supervision,
  "20261128-007-progress-counts": progressCounts,
  "20261128-008-drop-progress-index": dropProgressIndex,
  "20261129-010-operator-alerts": operatorAlerts,
  "20261129-011-platform-text": platformText,
  "20261129-012-withdrawn-name-keys": withdrawnNameKeys,
  "20261129-013-outbox-order": outboxOrder,
  "20261129-015-state-checks": stateChecks,
  "20261129-016-summons-transfer-kinds": summonsTransferKinds,
  "20261129-017-counters": counters,
  "20261129-018-case-record": caseRecord,
  "20261129-019-missed-job-runs": missedJobRuns,
  "20261129-020-inbound-lease": inboundLease,
  "20261129-021-file-jobs": fileJobs,
  "20261129-022-submission-parts": submissionParts,
  "20261129-023-plain-words": plainWords,
  "20261129-024-reopened-at": reopenedAt,
  "20261129-025-audit-at-index": auditAtIndex,
  "20261129-026-pending-media": pendingMedia,
  "20261129-027-reply-ref": replyRef,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = MIGRATIONS[name];
    if (!migration) throw new Error(`no migration ${name} in storage/migrations/index.ts`);
    return migration;
  },
};

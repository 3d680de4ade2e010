import type { Db } from "./db.js";
import { createEscalationsRepo } from "./supervision-escalations-repo.js";
import { createSupervisionRepo } from "./supervision-repo.js";
import { createSupervisionTargets } from "./supervision-targets.js";
import { createTransfersRepo } from "./supervision-transfers-repo.js";
import { createTipsRepo } from "./tips-repo.js";

/**
 * The supervision repositories over one connection or transaction. Commands pass `ctx.repos.db`
 * (the message's transaction), so their writes commit or roll back with the message.
 */
export function createSupervisionRepos(db: Db) {
  return {
    tasks: createSupervisionRepo(db),
    transfers: createTransfersRepo(db),
    escalations: createEscalationsRepo(db),
    tips: createTipsRepo(db),
    targets: createSupervisionTargets(db),
  };
}

export type SupervisionRepos = ReturnType<typeof createSupervisionRepos>;

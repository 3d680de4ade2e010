import { createAuditRepo } from "./audit-repo.js";
import { createChatsRepo } from "./chats-repo.js";
import type { Db } from "./db.js";
import { createDraftsRepo } from "./drafts-repo.js";
import { createEnterprisesRepo } from "./enterprises-repo.js";
import { createFileJobsRepo } from "./file-jobs-repo.js";
import { createInboundRepo } from "./inbound-repo.js";
import { createOutboxRepo } from "./outbox-repo.js";
import { createPersonsRepo } from "./persons-repo.js";
import { createPhotosRepo } from "./photos-repo.js";
import { createTownsRepo } from "./towns-repo.js";

/** Every repository over one connection or transaction: a message's work commits or rolls back whole. */
export function createRepos(db: Db) {
  return {
    db,
    towns: createTownsRepo(db),
    persons: createPersonsRepo(db),
    chats: createChatsRepo(db),
    enterprises: createEnterprisesRepo(db),
    audit: createAuditRepo(db),
    inbound: createInboundRepo(db),
    outbox: createOutboxRepo(db),
    drafts: createDraftsRepo(db),
    photos: createPhotosRepo(db),
    fileJobs: createFileJobsRepo(db),
  };
}

export type Repos = ReturnType<typeof createRepos>;

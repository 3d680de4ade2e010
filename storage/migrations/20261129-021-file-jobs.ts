import type { Knex } from "knex";
import { changeChecks } from "./check-constraints.js";

/**
 * Files built after the message that asked for them (台账, 档案, 导入台账, 立即推送): the message's
 * transaction writes a job row; after the commit a process builds the file outside any transaction
 * and queues the result in the outbox in the transaction that marks the job done. A process holds
 * a job under a lease; a job whose process died is taken over when its lease runs out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("file_jobs", (t) => {
    t.increments("id").primary();
    /** One job per message and place in it (`inbound:42:0`): queuing it again does nothing. */
    t.string("job_key", 200).notNullable().unique();
    t.string("kind", 40).notNullable();
    t.text("args_json").notNullable();
    /** Where the result and any progress message go (an OutboundTarget). */
    t.text("reply_json").notNullable();
    /** When it was asked for: the file is as of then (its date, 今天). */
    t.string("requested_at", 30).notNullable();
    t.integer("person_id");
    t.integer("inbound_id");
    /** pending → running → done | failed. */
    t.string("status", 10).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("lease_until", 30);
    t.string("owner", 100);
    /** What a job that works in steps has done so far (an import's committed chunks). */
    t.text("progress_json");
    t.string("created_at", 30).notNullable();
    t.string("finished_at", 30);
    t.text("error");
    t.index(["status", "lease_until"]);
  });
  await changeChecks(knex, "add", {
    file_jobs: [{ column: "status", values: ["pending", "running", "done", "failed"] }],
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("file_jobs");
}

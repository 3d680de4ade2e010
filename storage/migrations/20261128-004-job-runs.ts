import type { Knex } from "knex";

/**
 * One row per (job, period): the scheduler inserts it — or takes it over with a guarded UPDATE —
 * BEFORE it sends anything, so a restart, a second instance or a clock set back never runs a
 * period twice. Model: Backstage TaskWorker's current_run_ticket.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("job_runs", (t) => {
    t.increments("id").primary();
    t.string("job", 60).notNullable();
    /** '2017-03-21', '2017-W12' or '2017-03' in Asia/Shanghai. */
    t.string("period", 40).notNullable();
    /** claimed → done | failed. */
    t.string("status", 10).notNullable();
    /** Who holds the claim now; completing needs the same ticket. */
    t.string("ticket", 36).notNullable();
    t.string("owner", 120);
    t.integer("attempts").notNullable().defaultTo(1);
    t.string("due_at", 30).notNullable();
    t.string("claimed_at", 30).notNullable();
    /** A claim still 'claimed' after this instant belongs to a crashed run and may be taken over. */
    t.string("lease_until", 30).notNullable();
    t.string("finished_at", 30);
    t.integer("sent_count");
    t.text("error");
    t.unique(["job", "period"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("job_runs");
}

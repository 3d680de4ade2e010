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

  /** A town's 报送 for a month: it sent this month's ledger (file + 盖章件 + 工作总结). */
  await knex.schema.createTable("ledger_submissions", (t) => {
    t.increments("id").primary();
    t.integer("town_id").notNullable().references("towns.id");
    /** 'YYYY-MM'. */
    t.string("month", 7).notNullable();
    t.string("submitted_at", 30).notNullable();
    /** The Shanghai calendar day of submitted_at. */
    t.string("submitted_on", 10).notNullable();
    t.integer("person_id").references("persons.id");
    t.integer("chat_id").references("chats.id");
    t.integer("inbound_id");
    t.unique(["town_id", "month"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("ledger_submissions");
  await knex.schema.dropTableIfExists("job_runs");
}

import type { Knex } from "knex";

/**
 * One row per thing that can go wrong for the operator (kind + subject, e.g. platform-down/wecom):
 * it opens once per incident — the 管理员 are told then — and closes when it is over. The guarded
 * upsert on (kind, subject) makes "once" hold across restarts and instances.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("operator_alerts", (t) => {
    t.increments("id").primary();
    /** platform-down | reply-undeliverable | push-failed | disk-low | message-set-aside | backup-failed. */
    t.string("kind", 40).notNullable();
    /** What it is about: a platform name, a job name, a folder. */
    t.string("subject", 200).notNullable();
    /** open | closed. */
    t.string("status", 10).notNullable();
    /** The headline the 管理员 read, kept for the all-clear. */
    t.string("title", 200).notNullable();
    t.text("detail");
    t.string("opened_at", 30).notNullable();
    t.string("last_seen_at", 30).notNullable();
    t.string("closed_at", 30);
    /** How often it was raised while open. */
    t.integer("occurrences").notNullable().defaultTo(1);
    t.unique(["kind", "subject"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("operator_alerts");
}

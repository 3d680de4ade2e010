import type { Knex } from "knex";

/**
 * enterprises.reopened_at: the instant of the last 反弹 (or a transfer that reopened a closed case).
 * A photo received or taken before it shows the earlier round's result, not this one's, so it cannot
 * prove the case finished again (domain/photo-proof.ts). Filled for cases already reopened from the
 * audit history, where 反弹 / 回头看 反弹 record action "reopen" and a reopening transfer "transfer".
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("enterprises", (t) => {
    t.string("reopened_at", 30);
  });
  await knex("enterprises")
    .where("reopen_count", ">", 0)
    .update({
      reopened_at: knex("audit_log")
        .max("at")
        .where("entity_type", "enterprise")
        .whereIn("action", ["reopen", "transfer"])
        .where("entity_id", knex.ref("enterprises.id")),
    });
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+ and PostgreSQL): knex's SQLite fallback copies the table, which
  // the foreign keys of enterprise_photos and others refuse.
  await knex.raw("ALTER TABLE enterprises DROP COLUMN reopened_at");
}

import type { Knex } from "knex";

/**
 * audit_log.at indexed: a question over a period (本周拆了几家, 上月销号) counts the changes recorded
 * between two instants (audit.enterpriseChanges); without an index every such question read the whole
 * history, which only grows over the campaign. The query always names the entity type (enterprise), and
 * an index on \`at\` alone is passed over for the (entity_type, entity_id) one by SQLite's planner: the
 * index is (entity_type, at), so one lookup and one range serve it on both engines.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("audit_log", (t) => {
    t.index(["entity_type", "at"], "audit_log_entity_at_index");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("audit_log", (t) => {
    t.dropIndex(["entity_type", "at"], "audit_log_entity_at_index");
  });
}

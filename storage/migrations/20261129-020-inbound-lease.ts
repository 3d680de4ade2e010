import type { Knex } from "knex";

/**
 * Pending inbound messages carry a lease: the instance that stored (or took over) a message holds
 * it while the message waits in its queue and renews it; when an instance dies, its lease runs out
 * and any live instance takes the message over. A row without a lease (stored before this
 * migration) counts as expired.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.string("lease_until", 30);
    t.index(["status", "lease_until"], "inbound_messages_lease_idx");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.dropIndex([], "inbound_messages_lease_idx");
  });
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.dropColumn("lease_until");
  });
}

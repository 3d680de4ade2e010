import type { Knex } from "knex";

/**
 * A message's reply handle, where the platform answers a message by something other than its id:
 * WeCom's AI bot long connection replies with the callback's req_id (aibot_respond_msg). Kept with
 * the message, so a reply sent again after a restart still answers it (its stream replaces itself)
 * instead of going out as a new push that shows a second time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.text("reply_ref");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.dropColumn("reply_ref");
  });
}

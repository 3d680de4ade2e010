import type { Knex } from "knex";

/**
 * Plain words (issue 17).
 * - inbound_messages.mentioned: the bot was @-mentioned in a group. WeChat and WeCom's AI bot take the
 *   mention out of the text, so without it a plain question asked of the bot in a group (古荥这周拆了
 *   几家) could not be told from people talking among themselves. Null for older rows: not known.
 * - drafts.needs_confirm: a draft read from a free-text description is filed only after 确认.
 * - drafts.photos_json: photos sent before the description, filed with the report.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.boolean("mentioned");
  });
  await knex.schema.alterTable("drafts", (t) => {
    t.boolean("needs_confirm");
    t.text("photos_json");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("drafts", (t) => {
    t.dropColumn("photos_json");
    t.dropColumn("needs_confirm");
  });
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.dropColumn("mentioned");
  });
}

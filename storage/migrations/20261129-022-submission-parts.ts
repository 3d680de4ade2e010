import type { Knex } from "knex";

/**
 * 报送 by the 23rd is three things (惠环保〔2017〕2号 三（三）): the ledger's electronic file (ledger_submissions),
 * the stamped copy (盖章件, a photo or a PDF) and the work summary (工作总结, text or a file) — kept here, one
 * row per item received. And the 2月28日 milestone: each town's admin declares its 排查 done, with its count.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("submission_parts", (t) => {
    t.increments("id").primary();
    t.integer("town_id").notNullable().references("towns.id");
    /** 'YYYY-MM'. */
    t.string("month", 7).notNullable();
    /** 'stamped' (盖章件) | 'summary' (工作总结). */
    t.string("part", 10).notNullable();
    t.string("received_at", 30).notNullable();
    /** The Beijing calendar day of received_at. */
    t.string("received_on", 10).notNullable();
    t.integer("person_id").references("persons.id");
    t.integer("chat_id").references("chats.id");
    t.integer("inbound_id");
    /** A photo or file in the content-addressed store, or null for a summary sent as text. */
    t.string("sha256", 64);
    t.text("file_name");
    t.text("body");
    t.index(["month", "town_id"]);
  });
  await knex.schema.createTable("survey_declarations", (t) => {
    t.increments("id").primary();
    t.integer("town_id").notNullable().references("towns.id").unique();
    /** Enterprises the town found in its 排查. */
    t.integer("found").notNullable();
    t.string("declared_at", 30).notNullable();
    t.string("declared_on", 10).notNullable();
    t.integer("person_id").references("persons.id");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("survey_declarations");
  await knex.schema.dropTableIfExists("submission_parts");
}

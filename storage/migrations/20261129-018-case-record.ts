import type { Knex } from "knex";

/**
 * A record the district can be held to (issue 12):
 * - enterprise_history: the whole enterprise row after every write, so a month's ledger can be
 *   rebuilt as it stood when it was submitted (附件1 注4: 完成情况为报送时企业情况), however often
 *   and however late it is printed. Existing enterprises get one entry, their row as it is now.
 * - photos.is_image: the bytes decoded as a picture when they arrived (a text file named .jpg does
 *   not); rows from before are judged by the type their first bytes named.
 * - enterprise_photos.accepted_*: a district supervisor's 采信 of a photo the rules reject.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("enterprise_history", (t) => {
    t.increments("id").primary();
    t.integer("enterprise_id").notNullable().references("enterprises.id");
    t.integer("town_id").notNullable();
    /** ISO instant of the write. */
    t.string("at", 30).notNullable();
    /** The enterprises row after the write, as JSON. */
    t.text("row_json").notNullable();
    t.index(["town_id", "at"]);
    t.index(["enterprise_id", "at"]);
  });
  const rows = (await knex("enterprises").select("*").orderBy("id")) as Record<string, unknown>[];
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200).map((r) => ({
      enterprise_id: r.id,
      town_id: r.town_id,
      at: r.reported_at,
      row_json: JSON.stringify(r),
    }));
    await knex("enterprise_history").insert(chunk);
  }

  await knex.schema.alterTable("photos", (t) => {
    t.boolean("is_image");
  });
  await knex("photos").update({ is_image: knex.raw("mime like 'image/%'") });

  await knex.schema.alterTable("enterprise_photos", (t) => {
    t.integer("accepted_by").references("persons.id");
    t.string("accepted_at", 30);
    t.string("accept_reason", 200);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("enterprise_photos", (t) => {
    t.dropColumn("accept_reason");
    t.dropColumn("accepted_at");
    t.dropColumn("accepted_by");
  });
  await knex.schema.alterTable("photos", (t) => {
    t.dropColumn("is_image");
  });
  await knex.schema.dropTableIfExists("enterprise_history");
}

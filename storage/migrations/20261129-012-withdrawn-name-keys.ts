import type { Knex } from "knex";
import { enterpriseNameKey } from "../../domain/text-normalize.js";

/**
 * 撤回: a report made by mistake is withdrawn, not deleted — kept with who withdrew it, when and why,
 * shown in 查询 and left out of counts, ledgers and pushes. And the duplicate check's name key now
 * ignores symbols, emoji and invisible characters: every stored key is worked out again (with the
 * key function of the code that runs the migration) so old and new reports meet.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("enterprises", (t) => {
    t.string("withdrawn_at", 30);
    t.integer("withdrawn_by").references("persons.id");
    t.string("withdraw_reason", 200);
  });
  let last = 0;
  for (;;) {
    const rows: { id: number; name: string; name_key: string }[] = await knex("enterprises")
      .select("id", "name", "name_key")
      .where("id", ">", last)
      .orderBy("id")
      .limit(1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      const key = enterpriseNameKey(r.name);
      if (key !== r.name_key) await knex("enterprises").where({ id: r.id }).update({ name_key: key });
    }
    last = rows.at(-1)?.id ?? last;
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("enterprises", (t) => {
    t.dropForeign(["withdrawn_by"]);
  });
  await knex.schema.alterTable("enterprises", (t) => {
    t.dropColumn("withdraw_reason");
    t.dropColumn("withdrawn_by");
    t.dropColumn("withdrawn_at");
  });
}

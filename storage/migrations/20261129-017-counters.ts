import type { Knex } from "knex";

/**
 * One table of counters for every number handed out in sequence (case numbers per town, tip and
 * transfer numbers), taken by one atomic UPDATE. Tip and transfer numbers were max(seq)+1, which
 * two instances read alike (the second insert failed); case numbers move over from
 * towns.last_case_seq, which stays in the table unread (dropping a column rebuilds a SQLite table).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("counters", (t) => {
    t.string("name", 40).primary();
    t.integer("value").notNullable();
  });
  for (const town of await knex("towns").select("id", "last_case_seq").where("last_case_seq", ">", 0)) {
    await knex("counters").insert({ name: caseCounter(town.id), value: town.last_case_seq });
  }
  for (const [name, table] of [
    ["tip", "tips"],
    ["transfer", "transfers"],
  ] as const) {
    const row = await knex(table).max({ n: "seq" }).first();
    const n = Number(row?.n ?? 0);
    if (n > 0) await knex("counters").insert({ name, value: n });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const town of await knex("towns").select("id")) {
    const row = await knex("counters")
      .where({ name: caseCounter(town.id) })
      .first();
    await knex("towns")
      .where({ id: town.id })
      .update({ last_case_seq: row ? row.value : 0 });
  }
  await knex.schema.dropTableIfExists("counters");
}

/** As storage/counters.ts names them (copied: a migration must not change when the code does). */
const caseCounter = (townId: number) => `case:${String(townId).padStart(12, "0")}`;

import type { Knex } from "knex";
import { changeChecks } from "./check-constraints.js";

/** The new state and kind columns keep to their values, as 015 has the others do. */
const CHECKS = {
  escalations: [{ column: "status", values: ["done", "proposed", "confirmed", "declined"] }],
  transfers: [{ column: "kind", values: ["town", "police", "government"] }],
};

/**
 * Escalation with a person in the loop, and the seed's other transfers:
 * - escalations.status: a summons step (报区大气办建议约谈) is proposed by the daily ladder and goes out
 *   only when a district supervisor confirms it (约谈 确认), with who decided, when and why. Steps
 *   already taken were sent at once: they stay 'done'.
 * - transfers.kind: 'town' (移交镇（办）, ledger 2), 'police' (移交公安: 行政拘留、犯罪) or 'government'
 *   (移交区政府: 未整治到位、违法问题未处理到位), numbered and tracked alike.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("escalations", (t) => {
    /** done | proposed | confirmed | declined */
    t.string("status", 10).notNullable().defaultTo("done");
    t.integer("decided_by").references("persons.id");
    t.string("decided_at", 30);
    t.string("decision_note", 400);
  });
  await knex.schema.alterTable("transfers", (t) => {
    /** town | police | government */
    t.string("kind", 12).notNullable().defaultTo("town");
  });
  await changeChecks(knex, "add", CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await changeChecks(knex, "drop", CHECKS);
  await knex.schema.alterTable("transfers", (t) => {
    t.dropColumn("kind");
  });
  await knex.schema.alterTable("escalations", (t) => {
    t.dropForeign(["decided_by"]);
  });
  await knex.schema.alterTable("escalations", (t) => {
    t.dropColumn("decision_note");
    t.dropColumn("decided_at");
    t.dropColumn("decided_by");
    t.dropColumn("status");
  });
}

import type { Knex } from "knex";

/**
 * District supervision (DOMAIN.md rules 6–10): sample draws and inspection tasks, transfers to the
 * towns (ledger 2), the escalation ladder, 12369 tips and rebound checks (回头看).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("sample_draws", (t) => {
    t.increments("id").primary();
    /** The PRNG seed: the same seed over the same enterprises draws the same sample. */
    t.bigInteger("seed").notNullable();
    t.float("ratio").notNullable();
    t.integer("population").notNullable();
    t.integer("sample_size").notNullable();
    t.integer("drawn_by").references("persons.id");
    t.string("drawn_at", 30).notNullable();
  });

  await knex.schema.createTable("inspection_tasks", (t) => {
    t.increments("id").primary();
    /** 'sample' (from a draw) | 'adhoc' (督查 without a task) | 'rebound' (回头看). */
    t.string("kind", 10).notNullable();
    t.integer("draw_id").references("sample_draws.id");
    t.integer("enterprise_id").notNullable().references("enterprises.id");
    t.integer("assignee_id").references("persons.id");
    t.string("due_on", 10);
    /** For rebound checks: months after 销号, and the 销号 instant it watches. */
    t.integer("months");
    t.string("closed_at", 30);
    /** 'open' | 'done' | 'cancelled' */
    t.string("status", 10).notNullable();
    /** 'conform' | 'problem' | 'no_rebound' | 'rebound' */
    t.string("result", 12);
    t.string("note", 400);
    t.string("created_at", 30).notNullable();
    t.string("notified_at", 30);
    t.string("done_at", 30);
    t.integer("done_by").references("persons.id");
    t.index(["enterprise_id", "kind", "status"]);
    t.index(["status", "due_on"]);
  });

  await knex.schema.createTable("transfers", (t) => {
    t.increments("id").primary();
    t.string("transfer_no", 16).notNullable().unique();
    t.integer("seq").notNullable();
    t.integer("enterprise_id").notNullable().references("enterprises.id");
    t.integer("town_id").notNullable().references("towns.id");
    t.integer("task_id").references("inspection_tasks.id");
    t.string("problem", 400).notNullable();
    t.string("requirement", 8).notNullable();
    t.string("deadline", 10).notNullable();
    t.string("responsible", 40).notNullable();
    t.string("state", 8).notNullable();
    t.string("finished_on", 10);
    t.string("transferred_on", 10).notNullable();
    t.string("transferred_at", 30).notNullable();
    t.integer("transferred_by").references("persons.id");
    t.string("closed_at", 30);
    t.integer("closed_by").references("persons.id");
    t.string("updated_at", 30).notNullable();
    t.index(["town_id", "closed_at"]);
  });

  await knex.schema.createTable("escalations", (t) => {
    t.increments("id").primary();
    /** 'transfer' | 'enterprise' — what is overdue. */
    t.string("subject_type", 12).notNullable();
    t.integer("subject_id").notNullable();
    /** An enterprise case starts a fresh ladder each time it is reopened (its reopen count). */
    t.integer("round").notNullable().defaultTo(0);
    t.integer("enterprise_id").notNullable().references("enterprises.id");
    t.integer("town_id").notNullable().references("towns.id");
    /** 'notice' (通报, 限期整治) | 'summons' (报区大气办, 建议约谈) */
    t.string("step", 10).notNullable();
    t.string("on_date", 10).notNullable();
    t.string("at", 30).notNullable();
    /** The deadline the notice gives (限期整治). */
    t.string("new_deadline", 10);
    t.string("note", 400);
    t.unique(["subject_type", "subject_id", "round", "step"]);
    t.index(["town_id", "step"]);
  });

  await knex.schema.createTable("tips", (t) => {
    t.increments("id").primary();
    t.string("tip_no", 16).notNullable().unique();
    t.integer("seq").notNullable();
    t.string("description", 400).notNullable();
    t.string("place", 100).notNullable();
    t.string("source", 40).notNullable();
    t.integer("town_id").notNullable().references("towns.id");
    t.string("deadline", 10).notNullable();
    /** 'open' | 'confirmed' (属实) | 'rejected' (不属实) */
    t.string("status", 10).notNullable();
    t.string("reason", 400);
    t.integer("enterprise_id").references("enterprises.id");
    t.integer("registered_by").references("persons.id");
    t.string("registered_at", 30).notNullable();
    t.integer("verified_by").references("persons.id");
    t.string("verified_at", 30);
    t.index(["status", "deadline"]);
  });

  await knex.schema.createTable("tip_photos", (t) => {
    t.increments("id").primary();
    t.integer("tip_id").notNullable().references("tips.id");
    t.string("sha256", 64).notNullable().references("photos.sha256");
    t.integer("person_id").references("persons.id");
    t.string("attached_at", 30).notNullable();
    t.unique(["tip_id", "sha256"]);
  });

  /** The tip a person last registered or verified: where their next photo goes (see tip-link). */
  await knex.schema.createTable("tip_focus", (t) => {
    t.integer("person_id").primary().references("persons.id");
    t.integer("tip_id").notNullable().references("tips.id");
    t.string("at", 30).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "tip_focus",
    "tip_photos",
    "tips",
    "escalations",
    "transfers",
    "inspection_tasks",
    "sample_draws",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

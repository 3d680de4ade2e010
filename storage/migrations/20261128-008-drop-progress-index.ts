import type { Knex } from "knex";

/**
 * 进度 reads the counts kept in progress_cells (007), so the six-column index that let it count
 * enterprises from the index alone is read by nothing that needs it any more, and every report and
 * progress message paid for keeping it up to date.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("enterprises", (t) => {
    t.dropIndex([], "enterprises_progress_idx");
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("enterprises", (t) => {
    t.index(["town_id", "type", "requirement", "state", "closed_at", "deadline"], "enterprises_progress_idx");
  });
}

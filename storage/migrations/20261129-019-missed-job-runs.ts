import type { Knex } from "knex";
import { changeChecks } from "./check-constraints.js";

/**
 * job_runs.status may be 'missed': a slot that passed its grace while the bot was down is recorded
 * (counted in /metrics, told to the 管理员 once) instead of leaving no trace.
 */
export async function up(knex: Knex): Promise<void> {
  await changeChecks(knex, "drop", { job_runs: [{ column: "status", values: [] }] });
  await changeChecks(knex, "add", {
    job_runs: [{ column: "status", values: ["claimed", "done", "failed", "missed"] }],
  });
}

export async function down(knex: Knex): Promise<void> {
  // A missed slot never ran: without its row it is simply not recorded, as before.
  await knex("job_runs").where({ status: "missed" }).delete();
  await changeChecks(knex, "drop", { job_runs: [{ column: "status", values: [] }] });
  await changeChecks(knex, "add", {
    job_runs: [{ column: "status", values: ["claimed", "done", "failed"] }],
  });
}

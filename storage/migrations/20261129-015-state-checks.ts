import type { Knex } from "knex";
import { changeChecks, type ValueCheck } from "./check-constraints.js";

/**
 * The state and kind columns keep to their values in the database itself, on both engines: a row
 * written by hand, by a script or by a version with a mistake is refused when written, not found
 * wrong when read. The lists are copied here as they are today (a migration never changes with the
 * code); a later change of values is a new migration that drops and adds the column's check.
 */
const PROGRESS_STATES = ["待整治", "补办手续", "手续办结", "正在整治", "整改到位", "正在拆除", "拆除到位"];
const REQUIREMENTS = ["补办手续", "整改完善", "限期拆除"];

export const STATE_CHECKS: Record<string, ValueCheck[]> = {
  enterprises: [
    { column: "type", values: ["小散乱污", "八小"] },
    { column: "water_air", values: ["涉水", "涉气", "涉水涉气", "不涉及"] },
    { column: "permits", values: ["有", "无", "不全"] },
    { column: "requirement", values: REQUIREMENTS },
    { column: "state", values: PROGRESS_STATES },
  ],
  persons: [
    { column: "role", values: ["inspector", "town_admin", "district_supervisor", "director", "admin"] },
  ],
  chats: [
    { column: "kind", values: ["group", "private"] },
    { column: "purpose", values: ["town", "district", "leadership"] },
  ],
  inbound_messages: [
    { column: "chat_kind", values: ["group", "private"] },
    { column: "kind", values: ["text", "image", "location", "file", "event"] },
    { column: "status", values: ["pending", "done", "failed"] },
  ],
  outbox: [{ column: "status", values: ["pending", "sending", "sent", "failed"] }],
  job_runs: [{ column: "status", values: ["claimed", "done", "failed"] }],
  inspection_tasks: [
    { column: "kind", values: ["sample", "adhoc", "rebound"] },
    { column: "status", values: ["open", "done", "cancelled"] },
    { column: "result", values: ["conform", "problem", "no_rebound", "rebound"] },
  ],
  transfers: [
    { column: "requirement", values: REQUIREMENTS },
    { column: "state", values: PROGRESS_STATES },
  ],
  escalations: [
    { column: "subject_type", values: ["transfer", "enterprise"] },
    { column: "step", values: ["notice", "summons"] },
  ],
  tips: [{ column: "status", values: ["open", "confirmed", "rejected"] }],
  operator_alerts: [{ column: "status", values: ["open", "closed"] }],
};

export async function up(knex: Knex): Promise<void> {
  await changeChecks(knex, "add", STATE_CHECKS);
}

export async function down(knex: Knex): Promise<void> {
  await changeChecks(knex, "drop", STATE_CHECKS);
}

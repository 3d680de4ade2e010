import type { Knex } from "knex";
import { changeChecks } from "./check-constraints.js";

const OLD = { inbound_messages: [{ column: "status", values: ["pending", "done", "failed"] }] };
const NEW = {
  inbound_messages: [{ column: "status", values: ["awaiting_media", "pending", "done", "failed"] }],
};

/**
 * A photo or file whose download failed when it arrived (Telegram getFile 500, WeCom media/get down,
 * an AI bot URL not answering) is kept with its message instead of in memory: the message waits as
 * `awaiting_media` with the platform's reference, and any instance fetches it again with backoff
 * until the reference expires (then the sender is told). A restart meanwhile loses nothing.
 */
const isPostgres = (knex: Knex) => knex.client.config.client === "pg";

export async function up(knex: Knex): Promise<void> {
  // status was varchar(10) on PostgreSQL (SQLite never enforced it); a longer limit rewrites nothing.
  if (isPostgres(knex)) await knex.raw("alter table inbound_messages alter column status type varchar(20)");
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.text("media_ref");
    t.string("media_expires_at", 30);
    t.string("media_next_try_at", 30);
    t.integer("media_tries").notNullable().defaultTo(0);
    t.text("media_error");
    t.index(["status", "media_next_try_at"], "inbound_messages_media_idx");
  });
  await changeChecks(knex, "drop", OLD);
  await changeChecks(knex, "add", NEW);
}

export async function down(knex: Knex): Promise<void> {
  // A message still waiting for its photo is told it did not arrive, as before this migration.
  await knex("inbound_messages")
    .where({ status: "awaiting_media" })
    .update({ status: "pending", kind: "event", event: "media_unavailable" });
  await changeChecks(knex, "drop", NEW);
  await changeChecks(knex, "add", OLD);
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.dropIndex([], "inbound_messages_media_idx");
  });
  await knex.schema.alterTable("inbound_messages", (t) => {
    t.dropColumn("media_error");
    t.dropColumn("media_tries");
    t.dropColumn("media_next_try_at");
    t.dropColumn("media_expires_at");
    t.dropColumn("media_ref");
  });
  if (isPostgres(knex)) await knex.raw("alter table inbound_messages alter column status type varchar(10)");
}

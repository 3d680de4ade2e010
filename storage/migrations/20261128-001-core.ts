import type { Knex } from "knex";

// Timestamps are ISO-8601 text (same on SQLite and PostgreSQL); calendar dates are 'YYYY-MM-DD'.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("towns", (t) => {
    t.increments("id").primary();
    t.string("name", 40).notNullable().unique();
    t.string("code", 8).notNullable().unique();
    t.integer("last_case_seq").notNullable().defaultTo(0);
  });

  await knex.schema.createTable("persons", (t) => {
    t.increments("id").primary();
    t.string("name", 40).notNullable();
    t.string("role", 24).notNullable();
    t.integer("town_id").references("towns.id");
    t.boolean("active").notNullable().defaultTo(true);
    /** The enterprise this person last reported or named: where a photo without a case number goes. */
    t.integer("focus_enterprise_id");
    t.string("created_at", 30).notNullable();
  });

  await knex.schema.createTable("identities", (t) => {
    t.increments("id").primary();
    t.integer("person_id").notNullable().references("persons.id");
    t.string("platform", 16).notNullable();
    t.string("external_id", 128).notNullable();
    t.unique(["platform", "external_id"]);
  });

  await knex.schema.createTable("chats", (t) => {
    t.increments("id").primary();
    t.string("platform", 16).notNullable();
    t.string("external_id", 128).notNullable();
    t.string("title", 100);
    t.string("kind", 10).notNullable();
    t.integer("town_id").references("towns.id");
    /** 'town' | 'district' | 'leadership' once bound by an admin. */
    t.string("purpose", 12);
    t.unique(["platform", "external_id"]);
  });

  await knex.schema.createTable("enterprises", (t) => {
    t.increments("id").primary();
    t.string("case_no", 16).notNullable().unique();
    t.integer("town_id").notNullable().references("towns.id");
    t.string("name", 100).notNullable();
    t.string("name_key", 100).notNullable();
    t.string("village", 100).notNullable();
    t.string("type", 8).notNullable();
    t.string("scale", 60).notNullable();
    t.string("materials", 100).notNullable();
    t.string("water_air", 8).notNullable();
    t.string("permits", 4).notNullable();
    t.string("requirement", 8).notNullable();
    t.string("deadline", 10).notNullable();
    t.string("responsible", 40).notNullable();
    t.string("remarks", 400);
    t.string("state", 8).notNullable();
    t.string("finished_on", 10);
    t.string("closed_at", 30);
    t.integer("closed_by").references("persons.id");
    t.integer("reopen_count").notNullable().defaultTo(0);
    t.float("site_lat");
    t.float("site_lng");
    t.string("reported_at", 30).notNullable();
    t.string("reported_on", 10).notNullable();
    t.integer("reported_by").references("persons.id");
    t.string("updated_at", 30).notNullable();
    t.index(["town_id", "name_key"]);
    // Covers the 进度 aggregation so it reads the index alone.
    t.index(["town_id", "type", "requirement", "state", "closed_at", "deadline"], "enterprises_progress_idx");
    t.index(["deadline"]);
  });

  await knex.schema.createTable("audit_log", (t) => {
    t.increments("id").primary();
    t.string("at", 30).notNullable();
    t.integer("person_id").references("persons.id");
    t.integer("chat_id").references("chats.id");
    t.integer("inbound_id");
    t.string("action", 24).notNullable();
    t.string("entity_type", 24).notNullable();
    t.integer("entity_id");
    t.text("before_json");
    t.text("after_json");
    t.string("note", 400);
    t.index(["entity_type", "entity_id"]);
  });

  await knex.schema.createTable("photos", (t) => {
    t.string("sha256", 64).primary();
    t.string("path", 200).notNullable();
    t.integer("size").notNullable();
    t.string("mime", 40);
    t.string("taken_at", 30);
    t.float("gps_lat");
    t.float("gps_lng");
    t.string("first_received_at", 30).notNullable();
  });

  await knex.schema.createTable("enterprise_photos", (t) => {
    t.increments("id").primary();
    t.integer("enterprise_id").notNullable().references("enterprises.id");
    t.string("sha256", 64).notNullable().references("photos.sha256");
    t.string("attached_at", 30).notNullable();
    t.integer("person_id").references("persons.id");
    t.integer("inbound_id");
    /** The same bytes are attached to another enterprise too: flagged as evidence to check. */
    t.boolean("reused").notNullable().defaultTo(false);
    t.unique(["enterprise_id", "sha256"]);
    t.index(["sha256"]);
  });

  await knex.schema.createTable("inbound_messages", (t) => {
    t.increments("id").primary();
    t.string("platform", 16).notNullable();
    t.string("message_id", 128).notNullable();
    t.string("chat_external_id", 128).notNullable();
    t.string("chat_kind", 10).notNullable();
    t.string("chat_title", 100);
    t.string("sender_external_id", 128).notNullable();
    t.string("sender_name", 60);
    t.string("kind", 10).notNullable();
    t.text("text");
    /** A photo or file sent with the message, in the content-addressed store. */
    t.string("media_sha256", 64);
    t.string("file_name", 200);
    t.text("location_json");
    t.string("event", 40);
    t.string("received_at", 30).notNullable();
    /** pending → done | failed; a crash leaves it pending and start-up handles it again. */
    t.string("status", 10).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("handled_at", 30);
    t.text("error");
    t.unique(["platform", "message_id"]);
    t.index(["status"]);
  });

  await knex.schema.createTable("outbox", (t) => {
    t.increments("id").primary();
    t.string("idempotency_key", 200).notNullable().unique();
    t.string("platform", 16).notNullable();
    t.text("target_json").notNullable();
    t.text("message_json").notNullable();
    /** pending → sent | failed; 'sending' while claimed (claimed_until guards a crashed sender). */
    t.string("status", 10).notNullable();
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("next_attempt_at", 30).notNullable();
    t.string("claimed_until", 30);
    t.text("last_error");
    t.string("created_at", 30).notNullable();
    t.string("sent_at", 30);
    t.index(["status", "next_attempt_at"]);
    t.index(["status", "claimed_until"]);
  });

  // Images and files queued for sending, once per content: a bulletin chart sent to 200 groups is one row.
  await knex.schema.createTable("outbox_blobs", (t) => {
    t.string("sha256", 64).primary();
    t.text("base64").notNullable();
  });

  await knex.schema.createTable("drafts", (t) => {
    t.increments("id").primary();
    t.integer("person_id").notNullable().references("persons.id");
    t.string("chat_key", 160).notNullable();
    t.text("fields_json").notNullable();
    /** Set when the draft matched an enterprise on file and waits for 仍然上报. */
    t.integer("duplicate_of");
    t.string("updated_at", 30).notNullable();
    t.unique(["person_id", "chat_key"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "drafts",
    "outbox_blobs",
    "outbox",
    "inbound_messages",
    "enterprise_photos",
    "photos",
    "audit_log",
    "enterprises",
    "chats",
    "identities",
    "persons",
    "towns",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

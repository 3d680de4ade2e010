import type { Knex } from "knex";

/**
 * The outbox keeps order per chat and sends a split reply's parts once:
 * - target_key names the chat (platform, chat or person) so "the earliest open message of this
 *   chat" is one index lookup; a later message waits while an earlier one is open.
 * - parts_sent counts the parts of a split reply already delivered; a retry starts after them.
 * - claimed_by names the instance that claimed a row, so a restart can take back its own claims.
 * - file_sha256: an image or file's bytes sit on disk by content hash (storage/outbox-files.ts);
 *   the column lets pruning find files no row needs any more.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("outbox", (t) => {
    t.string("target_key", 300);
    t.integer("parts_sent").notNullable().defaultTo(0);
    t.string("claimed_by", 100);
    t.string("file_sha256", 64);
    t.index(["file_sha256"]);
  });
  const rows = await knex("outbox").select("id", "target_json");
  for (const row of rows) {
    const target = JSON.parse(row.target_json) as { platform: string; chatId?: string; userId?: string };
    await knex("outbox")
      .where({ id: row.id })
      .update({ target_key: targetKeyOf(target) });
  }
  // Only open rows: the outbox keeps delivered ones for a while and they must not slow the lookup.
  await knex.raw(
    "create index outbox_open_by_target on outbox (target_key, id) where status in ('pending', 'sending')",
  );
  await knex.schema.alterTable("outbox", (t) => t.index(["status", "created_at"]));
  await knex.schema.alterTable("inbound_messages", (t) => t.index(["status", "received_at"]));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("inbound_messages", (t) => t.dropIndex(["status", "received_at"]));
  await knex.schema.alterTable("outbox", (t) => t.dropIndex(["status", "created_at"]));
  await knex.raw("drop index outbox_open_by_target");
  await knex.schema.alterTable("outbox", (t) => {
    t.dropIndex(["file_sha256"]);
    t.dropColumn("target_key");
    t.dropColumn("parts_sent");
    t.dropColumn("claimed_by");
    t.dropColumn("file_sha256");
  });
}

/** Kept in step with storage/outbox-repo.ts targetKey (a migration does not import live code). */
function targetKeyOf(t: { platform: string; chatId?: string; userId?: string }): string {
  return t.chatId !== undefined ? `${t.platform}:chat:${t.chatId}` : `${t.platform}:user:${t.userId ?? ""}`;
}

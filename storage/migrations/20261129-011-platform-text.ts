import type { Knex } from "knex";

/**
 * What the platforms send — chat titles (Telegram allows 128 characters), sender names, file names —
 * is kept as unbounded text. On PostgreSQL varchar(100/60/200) refused a longer value, and with it
 * the whole burst stored in one statement; SQLite never enforced the lengths, so both engines now
 * take the same values. Widening varchar to text rewrites nothing on PostgreSQL.
 */
const COLUMNS: [table: string, column: string, length: number][] = [
  ["inbound_messages", "chat_title", 100],
  ["inbound_messages", "sender_name", 60],
  ["inbound_messages", "file_name", 200],
  ["chats", "title", 100],
];

const isPostgres = (knex: Knex) => knex.client.config.client === "pg";

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  for (const [table, column] of COLUMNS) {
    await knex.raw("alter table ?? alter column ?? type text", [table, column]);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  for (const [table, column, length] of COLUMNS) {
    await knex.raw(`alter table ?? alter column ?? type varchar(${length}) using left(??, ${length})`, [
      table,
      column,
      column,
    ]);
  }
}

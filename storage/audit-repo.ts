import { z } from "zod";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

/** Who did what, when, from which chat and message, with the record before and after. */
export interface AuditEntry {
  at: string;
  personId: number | null;
  chatId: number | null;
  inboundId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
  note?: string;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  personName: string | null;
}

const auditRow = rowSchema("audit_log", {
  id: col.int,
  at: col.text,
  person_id: col.int.nullable(),
  person_name: col.text.nullable(),
  chat_id: col.int.nullable(),
  inbound_id: col.int.nullable(),
  action: col.text,
  entity_type: col.text,
  entity_id: col.int.nullable(),
  // What a record looked like is read back as JSON, whatever its shape then (SQL null: not given).
  before_json: z.union([z.null().transform(() => undefined), col.json(z.unknown())]),
  after_json: z.union([z.null().transform(() => undefined), col.json(z.unknown())]),
  note: col.text.nullable(),
});

export function createAuditRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    async record(e: AuditEntry): Promise<void> {
      // Every change writes one: plain SQL (storage/sql.ts).
      await sql.run(
        `insert into audit_log (at, person_id, chat_id, inbound_id, action, entity_type, entity_id, before_json, after_json, note)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          e.at,
          e.personId,
          e.chatId,
          e.inboundId,
          e.action,
          e.entityType,
          e.entityId,
          e.before === undefined ? null : JSON.stringify(e.before),
          e.after === undefined ? null : JSON.stringify(e.after),
          e.note ?? null,
        ],
      );
    },
    /**
     * The enterprises' recorded changes of these kinds between two instants (from included, to not),
     * oldest first: what 本周拆了几家 counts (the history, not today's state).
     */
    async enterpriseChanges(
      actions: readonly string[],
      from: string,
      to: string,
    ): Promise<{ action: string; entityId: number | null; after?: unknown; at: string }[]> {
      const rows = await db("audit_log")
        .select("action", "entity_id", "after_json", "at")
        .where("entity_type", "enterprise")
        .whereIn("action", [...actions])
        .andWhere("at", ">=", from)
        .andWhere("at", "<", to)
        .orderBy("id");
      return rows.map(
        (r: { action: string; entity_id: number | null; after_json: string | null; at: string }) => ({
          action: r.action,
          entityId: r.entity_id,
          at: r.at,
          ...(r.after_json ? { after: JSON.parse(r.after_json) as unknown } : {}),
        }),
      );
    },
    async forEntity(entityType: string, entityId: number): Promise<AuditRecord[]> {
      const rows = await db("audit_log as a")
        .leftJoin("persons as p", "p.id", "a.person_id")
        .select("a.*", "p.name as person_name")
        .where({ "a.entity_type": entityType, "a.entity_id": entityId })
        .orderBy("a.id");
      return auditRow.all(rows).map((r) => ({
        id: r.id,
        at: r.at,
        personId: r.person_id,
        personName: r.person_name,
        chatId: r.chat_id,
        inboundId: r.inbound_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before_json,
        after: r.after_json,
        note: r.note ?? undefined,
      }));
    },
  };
}

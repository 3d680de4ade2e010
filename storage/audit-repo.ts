import type { Db } from "./db.js";

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

export function createAuditRepo(db: Db) {
  return {
    async record(e: AuditEntry): Promise<void> {
      await db("audit_log").insert({
        at: e.at,
        person_id: e.personId,
        chat_id: e.chatId,
        inbound_id: e.inboundId,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        before_json: e.before === undefined ? null : JSON.stringify(e.before),
        after_json: e.after === undefined ? null : JSON.stringify(e.after),
        note: e.note ?? null,
      });
    },
    async forEntity(entityType: string, entityId: number): Promise<AuditRecord[]> {
      const rows = await db("audit_log as a")
        .leftJoin("persons as p", "p.id", "a.person_id")
        .select("a.*", "p.name as person_name")
        .where({ "a.entity_type": entityType, "a.entity_id": entityId })
        .orderBy("a.id");
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        personId: r.person_id,
        personName: r.person_name,
        chatId: r.chat_id,
        inboundId: r.inbound_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before_json ? JSON.parse(r.before_json) : undefined,
        after: r.after_json ? JSON.parse(r.after_json) : undefined,
        note: r.note ?? undefined,
      }));
    },
  };
}

import type { RawReportFields } from "../domain/report-fields.js";
import type { Db } from "./db.js";

export interface Draft {
  fields: RawReportFields;
  duplicateOf: number | null;
}

/** Unfinished reports, one per person per chat, kept until complete so nobody retypes a report. */
export function createDraftsRepo(db: Db) {
  return {
    async get(personId: number, chatKey: string): Promise<Draft | undefined> {
      const row = await db("drafts").where({ person_id: personId, chat_key: chatKey }).first();
      return row ? { fields: JSON.parse(row.fields_json), duplicateOf: row.duplicate_of } : undefined;
    },
    async save(personId: number, chatKey: string, draft: Draft, now: string): Promise<void> {
      await db("drafts")
        .insert({
          person_id: personId,
          chat_key: chatKey,
          fields_json: JSON.stringify(draft.fields),
          duplicate_of: draft.duplicateOf,
          updated_at: now,
        })
        .onConflict(["person_id", "chat_key"])
        .merge(["fields_json", "duplicate_of", "updated_at"]);
    },
    async remove(personId: number, chatKey: string): Promise<void> {
      await db("drafts").where({ person_id: personId, chat_key: chatKey }).delete();
    },
  };
}

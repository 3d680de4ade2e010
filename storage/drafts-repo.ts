import { z } from "zod";
import { type RawReportFields, rawReportFieldsSchema } from "../domain/report-fields.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

export interface Draft {
  fields: RawReportFields;
  duplicateOf: number | null;
  /** Read from a free-text description: filed only after the person answers 确认. */
  needsConfirm?: boolean;
  /** Photos sent before the report was filed, attached to the case when it is. */
  photos?: DraftPhoto[];
}

export interface DraftPhoto {
  sha256: string;
  inboundId: number | null;
  /** When it was received (ISO): it is evidence of that moment, not of the filing. */
  at: string;
}

const draftPhotosSchema = z.array(
  z.object({ sha256: z.string(), inboundId: z.number().nullable(), at: z.string() }),
);

const draftRow = rowSchema("drafts", {
  id: col.int,
  fields_json: col.json(rawReportFieldsSchema),
  duplicate_of: col.int.nullable(),
  needs_confirm: col.bool.nullable(),
  photos_json: col.json(draftPhotosSchema).nullable(),
});

/** Unfinished reports, one per person per chat, kept until complete so nobody retypes a report. */
export function createDraftsRepo(db: Db) {
  // Read or cleared by most messages: plain SQL (storage/sql.ts).
  const sql = sqlOf(db);
  return {
    async get(personId: number, chatKey: string): Promise<Draft | undefined> {
      const row = draftRow.maybe(
        await sql.first(
          `select id, fields_json, duplicate_of, needs_confirm, photos_json from drafts
           where person_id = ? and chat_key = ? limit 1`,
          [personId, chatKey],
        ),
      );
      return (
        row && {
          fields: row.fields_json,
          duplicateOf: row.duplicate_of,
          ...(row.needs_confirm ? { needsConfirm: true } : {}),
          ...(row.photos_json?.length ? { photos: row.photos_json } : {}),
        }
      );
    },
    async save(personId: number, chatKey: string, draft: Draft, now: string): Promise<void> {
      await sql.run(
        `insert into drafts (person_id, chat_key, fields_json, duplicate_of, needs_confirm, photos_json, updated_at)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (person_id, chat_key) do update set
           fields_json = excluded.fields_json, duplicate_of = excluded.duplicate_of,
           needs_confirm = excluded.needs_confirm, photos_json = excluded.photos_json, updated_at = excluded.updated_at`,
        [
          personId,
          chatKey,
          JSON.stringify(draft.fields),
          draft.duplicateOf,
          draft.needsConfirm ? true : null,
          draft.photos?.length ? JSON.stringify(draft.photos) : null,
          now,
        ],
      );
    },
    async remove(personId: number, chatKey: string): Promise<void> {
      await sql.run("delete from drafts where person_id = ? and chat_key = ?", [personId, chatKey]);
    },
  };
}

import type { IsoDate } from "../domain/dates.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

export interface Submission {
  townId: number;
  month: string;
  submittedAt: string;
  submittedOn: IsoDate;
  personId: number | null;
}

/** 报送 records: one per town and month; the first confirmation counts. */
export function createSubmissionsRepo(db: Db) {
  return {
    /** Records the town's 报送 for the month; returns the record that stands (an earlier one wins). */
    async record(
      s: Submission & { chatId?: number; inboundId?: number },
    ): Promise<{ first: boolean; record: Submission }> {
      const inserted = await db("ledger_submissions")
        .insert({
          town_id: s.townId,
          month: s.month,
          submitted_at: s.submittedAt,
          submitted_on: s.submittedOn,
          person_id: s.personId,
          chat_id: s.chatId ?? null,
          inbound_id: s.inboundId ?? null,
        })
        .onConflict(["town_id", "month"])
        .ignore()
        .returning("id");
      const row = await db("ledger_submissions").where({ town_id: s.townId, month: s.month }).first();
      return { first: inserted.length === 1, record: toSubmission(row) };
    },
    /** The town's 报送 of the month, if it has sent it. */
    async of(townId: number, month: string): Promise<Submission | undefined> {
      const row = await db("ledger_submissions").where({ town_id: townId, month }).first();
      return row ? toSubmission(row) : undefined;
    },
    async forMonth(month: string): Promise<Submission[]> {
      return (await db("ledger_submissions").where({ month }).orderBy("town_id")).map(toSubmission);
    },
  };
}

const submissionRow = rowSchema("ledger_submissions", {
  id: col.int,
  town_id: col.int,
  month: col.text,
  submitted_at: col.text,
  submitted_on: col.text,
  person_id: col.int.nullable(),
});

function toSubmission(raw: unknown): Submission {
  const r = submissionRow.parse(raw);
  return {
    townId: r.town_id,
    month: r.month,
    submittedAt: r.submitted_at,
    submittedOn: r.submitted_on,
    personId: r.person_id,
  };
}

import type { IsoDate } from "../domain/dates.js";
import type { Db } from "./db.js";

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
    async forMonth(month: string): Promise<Submission[]> {
      return (await db("ledger_submissions").where({ month }).orderBy("town_id")).map(toSubmission);
    },
  };
}

function toSubmission(r: Record<string, unknown>): Submission {
  return {
    townId: Number(r.town_id),
    month: String(r.month),
    submittedAt: String(r.submitted_at),
    submittedOn: String(r.submitted_on),
    personId: r.person_id === null || r.person_id === undefined ? null : Number(r.person_id),
  };
}

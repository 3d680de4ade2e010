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

/** A 盖章件 or 工作总结 received for a town's month. */
export interface SubmissionPartIn {
  townId: number;
  month: string;
  part: "stamped" | "summary";
  receivedAt: string;
  receivedOn: IsoDate;
  personId: number;
  chatId: number;
  inboundId: number;
  sha256?: string | null;
  fileName?: string | null;
  body?: string | null;
}

/** What a town has sent for a month: the day each item first came in, null while it has not. */
export interface TownMonthSubmission {
  townId: number;
  ledgerOn: IsoDate | null;
  stampedOn: IsoDate | null;
  summaryOn: IsoDate | null;
}

/**
 * 报送 records: the ledger's own (one per town and month; the first confirmation counts), and the
 * 盖章件 and 工作总结 received with it (every one kept).
 */
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
    /** Keeps a 盖章件 or 工作总结 sent for the month. */
    async addPart(p: SubmissionPartIn): Promise<void> {
      await db("submission_parts").insert({
        town_id: p.townId,
        month: p.month,
        part: p.part,
        received_at: p.receivedAt,
        received_on: p.receivedOn,
        person_id: p.personId,
        chat_id: p.chatId,
        inbound_id: p.inboundId,
        sha256: p.sha256 ?? null,
        file_name: p.fileName ?? null,
        body: p.body ?? null,
      });
    },
    /** For every town, what it has sent for the month (towns that sent nothing included). */
    async monthStatus(month: string): Promise<TownMonthSubmission[]> {
      const towns = townIdRow.all(await db("towns").select("id").orderBy("id"));
      const ledgers = await this.forMonth(month);
      const parts = partDayRow.all(
        await db("submission_parts")
          .select("town_id", "part")
          .min({ first_on: "received_on" })
          .where({ month })
          .groupBy("town_id", "part"),
      );
      const first = (townId: number, part: string) =>
        parts.find((p) => p.town_id === townId && p.part === part)?.first_on ?? null;
      return towns.map(({ id }) => ({
        townId: id,
        ledgerOn: ledgers.find((l) => l.townId === id)?.submittedOn ?? null,
        stampedOn: first(id, "stamped"),
        summaryOn: first(id, "summary"),
      }));
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
const townIdRow = rowSchema("towns", { id: col.int });
const partDayRow = rowSchema(
  "submission_parts",
  { town_id: col.int, part: col.text, first_on: col.text },
  "town_id",
);

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

import { z } from "zod";
import type { IsoDate } from "../domain/dates.js";
import {
  ESCALATION_STATUSES,
  ESCALATION_STEPS,
  type EscalationRecord,
  type EscalationStatus,
  type EscalationStep,
} from "../domain/escalation.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

const SUBJECT_TYPES = ["transfer", "enterprise"] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface Escalation extends EscalationRecord {
  id: number;
  subjectType: SubjectType;
  subjectId: number;
  round: number;
  enterpriseId: number;
  caseNo: string;
  enterpriseName: string;
  townId: number;
  townName: string;
  at: string;
  note: string | null;
  status: EscalationStatus;
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

const escalationRow = rowSchema("escalations", {
  id: col.int,
  subject_type: z.enum(SUBJECT_TYPES),
  subject_id: col.int,
  round: col.int,
  enterprise_id: col.int,
  case_no: col.text,
  enterprise_name: col.text,
  town_id: col.int,
  town_name: col.text,
  step: z.enum(ESCALATION_STEPS),
  on_date: col.text,
  new_deadline: col.text.nullable(),
  at: col.text,
  note: col.text.nullable(),
  status: z.enum(ESCALATION_STATUSES),
  decided_by: col.int.nullable(),
  decided_by_name: col.text.nullable(),
  decided_at: col.text.nullable(),
  decision_note: col.text.nullable(),
});

const toEscalation = (raw: unknown): Escalation => {
  const r = escalationRow.parse(raw);
  return {
    id: r.id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    round: r.round,
    enterpriseId: r.enterprise_id,
    caseNo: r.case_no,
    enterpriseName: r.enterprise_name,
    townId: r.town_id,
    townName: r.town_name,
    step: r.step,
    onDate: r.on_date,
    newDeadline: r.new_deadline,
    at: r.at,
    note: r.note,
    status: r.status,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  };
};

const idRow = rowSchema("escalations", { id: col.int });
const townRow = rowSchema("towns", { id: col.int, name: col.text });
const countRow = rowSchema(
  "escalations",
  { town_id: col.int, step: z.enum(ESCALATION_STEPS), status: z.enum(ESCALATION_STATUSES), n: col.count },
  "town_id",
);

const base = (db: Db) =>
  db("escalations as s")
    .join("enterprises as e", "e.id", "s.enterprise_id")
    .join("towns as t", "t.id", "s.town_id")
    .leftJoin("persons as p", "p.id", "s.decided_by")
    .select(
      "s.*",
      "e.case_no",
      "e.name as enterprise_name",
      "t.name as town_name",
      "p.name as decided_by_name",
    );

/** The steps of the escalation ladder taken so far (限期整治, 报区大气办约谈). */
export function createEscalationsRepo(db: Db) {
  return {
    /** Records a step once: a second run of the same day (or another instance) adds nothing. */
    async add(e: {
      subjectType: SubjectType;
      subjectId: number;
      round: number;
      enterpriseId: number;
      townId: number;
      step: EscalationStep;
      onDate: IsoDate;
      at: string;
      newDeadline: IsoDate | null;
      note: string | null;
      /** A summons is proposed; a notice is done at once. */
      status?: EscalationStatus;
    }): Promise<number | null> {
      const rows = await db("escalations")
        .insert({
          subject_type: e.subjectType,
          subject_id: e.subjectId,
          round: e.round,
          enterprise_id: e.enterpriseId,
          town_id: e.townId,
          step: e.step,
          on_date: e.onDate,
          at: e.at,
          new_deadline: e.newDeadline,
          note: e.note,
          status: e.status ?? "done",
        })
        .onConflict(["subject_type", "subject_id", "round", "step"])
        .ignore()
        .returning("id");
      const row = rows[0];
      return row === undefined ? null : idRow.parse(row).id;
    },
    /** The steps taken for these subjects, grouped by `type:id:round`. */
    async forSubjects(type: SubjectType, ids: number[]): Promise<Map<string, Escalation[]>> {
      const map = new Map<string, Escalation[]>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await base(db)
          .where("s.subject_type", type)
          .whereIn("s.subject_id", ids.slice(i, i + 500))
          .orderBy("s.id");
        for (const r of rows.map(toEscalation)) {
          const key = `${r.subjectType}:${r.subjectId}:${r.round}`;
          map.set(key, [...(map.get(key) ?? []), r]);
        }
      }
      return map;
    },
    /** Summons proposed by the ladder and not yet decided, oldest first, optionally of one town. */
    async proposed(townId?: number): Promise<Escalation[]> {
      const q = base(db).where({ "s.step": "summons", "s.status": "proposed" });
      if (townId) q.andWhere("s.town_id", townId);
      return (await q.orderBy("s.id")).map(toEscalation);
    },
    /**
     * A district supervisor's decision on proposed summons: only those still proposed change (a
     * second 约谈 确认 of the same ones, or two supervisors at once, decide once). Returns the ids decided.
     */
    async decide(
      ids: number[],
      d: { status: "confirmed" | "declined"; by: number; at: string; note: string | null },
    ): Promise<number[]> {
      const decided: number[] = [];
      for (const id of ids) {
        const n = await db("escalations")
          .where({ id, status: "proposed" })
          .update({ status: d.status, decided_by: d.by, decided_at: d.at, decision_note: d.note });
        if (n > 0) decided.push(id);
      }
      return decided;
    },
    /** Every step, newest first, optionally of one town. */
    async list(townId?: number, limit = 200): Promise<Escalation[]> {
      const q = base(db);
      if (townId) q.where("s.town_id", townId);
      return (await q.orderBy("s.id", "desc").limit(limit)).map(toEscalation);
    },
    /**
     * Steps per town per step (for the bulletins), optionally within [from, to] (inclusive dates).
     * Every town is listed, with zeros.
     */
    async countsByTown(
      range: { from?: IsoDate; to?: IsoDate } = {},
    ): Promise<{ townId: number; townName: string; notice: number; summons: number; proposed: number }[]> {
      const towns = townRow.all(await db("towns").select("id", "name").orderBy("id"));
      const q = db("escalations")
        .select("town_id", "step", "status")
        .count({ n: "*" })
        // Steps taken on a report later withdrawn (撤回) count no more.
        .whereIn("enterprise_id", db("enterprises").select("id").whereNull("withdrawn_at"))
        .groupBy("town_id", "step", "status");
      if (range.from) q.where("on_date", ">=", range.from);
      if (range.to) q.where("on_date", "<=", range.to);
      const rows = countRow.all(await q);
      const get = (id: number, step: EscalationStep, statuses: EscalationStatus[]) =>
        rows
          .filter((r) => r.town_id === id && r.step === step && statuses.includes(r.status))
          .reduce((a, r) => a + r.n, 0);
      // A summons counts once it went out to 区大气办 (confirmed); a proposal waits apart.
      return towns.map((t) => ({
        townId: t.id,
        townName: t.name,
        notice: get(t.id, "notice", ["done", "confirmed"]),
        summons: get(t.id, "summons", ["done", "confirmed"]),
        proposed: get(t.id, "summons", ["proposed"]),
      }));
    },
  };
}

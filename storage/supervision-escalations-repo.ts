import type { IsoDate } from "../domain/dates.js";
import type { EscalationRecord, EscalationStep } from "../domain/escalation.js";
import type { Db } from "./db.js";

export type SubjectType = "transfer" | "enterprise";

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
}

const toEscalation = (r: Record<string, unknown>): Escalation => ({
  id: Number(r.id),
  subjectType: r.subject_type as SubjectType,
  subjectId: Number(r.subject_id),
  round: Number(r.round),
  enterpriseId: Number(r.enterprise_id),
  caseNo: String(r.case_no),
  enterpriseName: String(r.enterprise_name),
  townId: Number(r.town_id),
  townName: String(r.town_name),
  step: r.step as EscalationStep,
  onDate: String(r.on_date),
  newDeadline: (r.new_deadline as string | null) ?? null,
  at: String(r.at),
  note: (r.note as string | null) ?? null,
});

const base = (db: Db) =>
  db("escalations as s")
    .join("enterprises as e", "e.id", "s.enterprise_id")
    .join("towns as t", "t.id", "s.town_id")
    .select("s.*", "e.case_no", "e.name as enterprise_name", "t.name as town_name");

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
        })
        .onConflict(["subject_type", "subject_id", "round", "step"])
        .ignore()
        .returning("id");
      const row = rows[0];
      if (row === undefined) return null;
      return typeof row === "object" ? Number((row as { id: number }).id) : Number(row);
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
    ): Promise<{ townId: number; townName: string; notice: number; summons: number }[]> {
      const towns = await db("towns").select("id", "name").orderBy("id");
      const q = db("escalations")
        .select("town_id", "step")
        .count({ n: "*" })
        // Steps taken on a report later withdrawn (撤回) count no more.
        .whereIn("enterprise_id", db("enterprises").select("id").whereNull("withdrawn_at"))
        .groupBy("town_id", "step");
      if (range.from) q.where("on_date", ">=", range.from);
      if (range.to) q.where("on_date", "<=", range.to);
      const rows = (await q) as Record<string, unknown>[];
      const get = (id: number, step: EscalationStep) =>
        Number(rows.find((r) => Number(r.town_id) === id && r.step === step)?.n ?? 0);
      return towns.map((t) => ({
        townId: t.id,
        townName: t.name,
        notice: get(t.id, "notice"),
        summons: get(t.id, "summons"),
      }));
    },
  };
}

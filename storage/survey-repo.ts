import type { IsoDate } from "../domain/dates.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

/** A town's declaration that its 排查 is done (the seed's 2月28日前完成排查), with how many it found. */
export interface SurveyDeclaration {
  townId: number;
  found: number;
  declaredAt: string;
  declaredOn: IsoDate;
  personId: number | null;
}

const declarationRow = rowSchema(
  "survey_declarations",
  {
    town_id: col.int,
    found: col.int,
    declared_at: col.text,
    declared_on: col.text,
    person_id: col.int.nullable(),
  },
  "town_id",
);

const toDeclaration = (raw: unknown): SurveyDeclaration => {
  const r = declarationRow.parse(raw);
  return {
    townId: r.town_id,
    found: r.found,
    declaredAt: r.declared_at,
    declaredOn: r.declared_on,
    personId: r.person_id,
  };
};

/** 排查完成 declarations: one per town; a later one replaces the count (the change is audited by the command). */
export function createSurveyRepo(db: Db) {
  return {
    async of(townId: number): Promise<SurveyDeclaration | undefined> {
      const row = await db("survey_declarations").where({ town_id: townId }).first();
      return row ? toDeclaration(row) : undefined;
    },
    async declare(d: SurveyDeclaration): Promise<void> {
      await db("survey_declarations")
        .insert({
          town_id: d.townId,
          found: d.found,
          declared_at: d.declaredAt,
          declared_on: d.declaredOn,
          person_id: d.personId,
        })
        .onConflict("town_id")
        .merge(["found", "declared_at", "declared_on", "person_id"]);
    },
    async all(): Promise<SurveyDeclaration[]> {
      return (await db("survey_declarations").orderBy("town_id")).map(toDeclaration);
    },
  };
}

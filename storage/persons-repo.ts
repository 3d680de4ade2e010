import type { Role } from "../domain/enums.js";
import type { Db } from "./db.js";

export interface Person {
  id: number;
  name: string;
  role: Role;
  townId: number | null;
  focusEnterpriseId: number | null;
}

const COLUMNS = ["id", "name", "role", "town_id", "focus_enterprise_id"];
type PersonRow = {
  id: number;
  name: string;
  role: string;
  town_id: number | null;
  focus_enterprise_id: number | null;
};
const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  townId: r.town_id,
  focusEnterpriseId: r.focus_enterprise_id,
});

export function createPersonsRepo(db: Db) {
  return {
    async byIdentity(platform: string, externalId: string): Promise<Person | undefined> {
      const row = await db("identities as i")
        .join("persons as p", "p.id", "i.person_id")
        .select(COLUMNS.map((c) => `p.${c}`))
        .where({ "i.platform": platform, "i.external_id": externalId, "p.active": true })
        .first();
      return row ? toPerson(row) : undefined;
    },
    async byId(id: number): Promise<Person | undefined> {
      const row = await db("persons").select(COLUMNS).where({ id }).first();
      return row ? toPerson(row) : undefined;
    },
    async byName(name: string): Promise<Person[]> {
      const rows = await db("persons").select(COLUMNS).where({ name, active: true });
      return rows.map(toPerson);
    },
    async list(): Promise<(Person & { identities: string[] })[]> {
      const rows = await db("persons").select(COLUMNS).where({ active: true }).orderBy("id");
      const ids = await db("identities").select("person_id", "platform", "external_id");
      return rows.map((r: PersonRow) => ({
        ...toPerson(r),
        identities: ids.filter((i) => i.person_id === r.id).map((i) => `${i.platform}:${i.external_id}`),
      }));
    },
    async add(p: { name: string; role: Role; townId: number | null; now: string }): Promise<Person> {
      const [row] = await db("persons")
        .insert({ name: p.name, role: p.role, town_id: p.townId, created_at: p.now })
        .returning(COLUMNS);
      return toPerson(row);
    },
    async update(id: number, change: { role?: Role; townId?: number | null }): Promise<void> {
      const patch: Record<string, unknown> = {};
      if (change.role) patch.role = change.role;
      if (change.townId !== undefined) patch.town_id = change.townId;
      await db("persons").where({ id }).update(patch);
    },
    async linkIdentity(personId: number, platform: string, externalId: string): Promise<void> {
      await db("identities")
        .insert({ person_id: personId, platform, external_id: externalId })
        .onConflict(["platform", "external_id"])
        .merge(["person_id"]);
    },
    async setFocus(personId: number, enterpriseId: number): Promise<void> {
      await db("persons").where({ id: personId }).update({ focus_enterprise_id: enterpriseId });
    },
  };
}

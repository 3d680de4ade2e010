import type { Role } from "../domain/enums.js";
import type { Db } from "./db.js";
import { sqlOf } from "./sql.js";

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
  const sql = sqlOf(db);
  return {
    async byIdentity(platform: string, externalId: string): Promise<Person | undefined> {
      // Every message asks this: the hot path's plain SQL (storage/sql.ts).
      const row = await sql.first<PersonRow>(
        `select ${COLUMNS.map((c) => `p.${c}`).join(", ")} from identities i join persons p on p.id = i.person_id
         where i.platform = ? and i.external_id = ? and p.active = ? limit 1`,
        [platform, externalId, true],
      );
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
      await sql.run("update persons set focus_enterprise_id = ? where id = ?", [enterpriseId, personId]);
    },
  };
}

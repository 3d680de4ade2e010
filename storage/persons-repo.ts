import { z } from "zod";
import { ROLES, type Role } from "../domain/enums.js";
import type { Db } from "./db.js";
import { sharedRowKey, takeSharedRow } from "./lock-order.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

export interface Person {
  id: number;
  name: string;
  role: Role;
  townId: number | null;
  focusEnterpriseId: number | null;
}

const COLUMNS = ["id", "name", "role", "town_id", "focus_enterprise_id"];
const personRow = rowSchema("persons", {
  id: col.int,
  name: col.text,
  role: z.enum(ROLES),
  town_id: col.int.nullable(),
  focus_enterprise_id: col.int.nullable(),
});
const toPerson = (raw: unknown): Person => {
  const r = personRow.parse(raw);
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    townId: r.town_id,
    focusEnterpriseId: r.focus_enterprise_id,
  };
};
const identityRow = rowSchema("identities", {
  person_id: col.int,
  platform: col.text,
  external_id: col.text,
});

export function createPersonsRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    async byIdentity(platform: string, externalId: string): Promise<Person | undefined> {
      // Every message asks this: the hot path's plain SQL (storage/sql.ts).
      const row = await sql.first(
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
      const ids = identityRow.all(await db("identities").select("person_id", "platform", "external_id"));
      return rows.map(toPerson).map((p) => ({
        ...p,
        identities: ids.filter((i) => i.person_id === p.id).map((i) => `${i.platform}:${i.external_id}`),
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
      takeSharedRow(db, sharedRowKey.person(personId));
      // Unchanged, the row is not written (so not locked): 查询 of the same case again costs nothing.
      await sql.run(
        "update persons set focus_enterprise_id = ? where id = ? and focus_enterprise_id is distinct from ?",
        [enterpriseId, personId, enterpriseId],
      );
    },
  };
}

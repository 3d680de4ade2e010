import { COUNTERS, nextNumber } from "./counters.js";
import type { Db } from "./db.js";
import { col, type RowOf, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

const townRow = rowSchema("towns", { id: col.int, name: col.text, code: col.text });
export type Town = RowOf<typeof townRow>;

export function createTownsRepo(db: Db) {
  // list and byId are on every report's path: plain SQL (storage/sql.ts).
  const sql = sqlOf(db);
  return {
    async list(): Promise<Town[]> {
      return townRow.all(await sql.all("select id, name, code from towns order by id"));
    },
    async byId(id: number): Promise<Town | undefined> {
      return townRow.maybe(await sql.first("select id, name, code from towns where id = ? limit 1", [id]));
    },
    /** Finds a town by its name, or by its name without 镇/街道/办事处 (古荥 → 古荥镇). */
    async byName(name: string): Promise<Town | undefined> {
      const wanted = name.trim();
      const towns = await this.list();
      return (
        towns.find((t) => t.name === wanted) ??
        towns.find((t) => shortName(t.name) === shortName(wanted) && wanted.length >= 2)
      );
    },
    async add(name: string, code: string): Promise<Town> {
      const [row] = await db("towns").insert({ name, code }).returning(["id", "name", "code"]);
      return townRow.parse(row);
    },
    /** Takes the next case sequence number for a town (inside the caller's transaction). */
    async nextCaseSeq(townId: number): Promise<number> {
      return nextNumber(db, COUNTERS.caseNumber(townId));
    },
  };
}

export function shortName(name: string): string {
  return name.replace(/(街道办事处|办事处|街道|镇|乡|办)$/, "");
}

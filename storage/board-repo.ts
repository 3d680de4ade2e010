import type { Db } from "./db.js";

/** One change to a case, newest first, as the board's "latest changes" lists it. */
export interface CaseChange {
  id: number;
  at: string;
  action: string;
  personName: string | null;
  caseNo: string;
  enterpriseName: string;
  townName: string;
  before?: unknown;
  after?: unknown;
  note?: string;
}

/** A site with a known position. */
export interface SitePoint {
  caseNo: string;
  name: string;
  townId: number;
  lat: number;
  lng: number;
  state: string;
  requirement: string;
  closedAt: string | null;
}

const n = (v: unknown) => Number(v ?? 0);

/** What the web board reads besides the repositories every command uses. Reading only. */
export function createBoardRepo(db: Db) {
  return {
    /**
     * A number that grows with every recorded change (every change writes an audit record): the board
     * compares it to tell its open pages that something changed.
     */
    async changeMark(): Promise<number> {
      const row = await db("audit_log").max({ m: "id" }).first();
      return n(row?.m);
    },
    async recentChanges(limit: number, townId?: number): Promise<CaseChange[]> {
      const q = db("audit_log as a")
        .join("enterprises as e", "e.id", "a.entity_id")
        .join("towns as t", "t.id", "e.town_id")
        .leftJoin("persons as p", "p.id", "a.person_id")
        .select(
          "a.id",
          "a.at",
          "a.action",
          "a.before_json",
          "a.after_json",
          "a.note",
          "p.name as person_name",
          "e.case_no",
          "e.name as enterprise_name",
          "t.name as town_name",
        )
        .where("a.entity_type", "enterprise")
        .orderBy("a.id", "desc")
        .limit(limit);
      if (townId) q.andWhere("e.town_id", townId);
      const rows = (await q) as Record<string, unknown>[];
      return rows.map((r) => ({
        id: n(r.id),
        at: String(r.at),
        action: String(r.action),
        personName: (r.person_name as string | null) ?? null,
        caseNo: String(r.case_no),
        enterpriseName: String(r.enterprise_name),
        townName: String(r.town_name),
        before: r.before_json ? JSON.parse(String(r.before_json)) : undefined,
        after: r.after_json ? JSON.parse(String(r.after_json)) : undefined,
        note: (r.note as string | null) ?? undefined,
      }));
    },
    async sites(townId?: number): Promise<SitePoint[]> {
      const q = db("enterprises")
        .select("case_no", "name", "town_id", "site_lat", "site_lng", "state", "requirement", "closed_at")
        .whereNotNull("site_lat")
        .whereNotNull("site_lng")
        // A withdrawn report (撤回) is shown nowhere.
        .whereNull("withdrawn_at")
        .orderBy("id");
      if (townId) q.andWhere("town_id", townId);
      const rows = (await q) as Record<string, unknown>[];
      return rows.map((r) => ({
        caseNo: String(r.case_no),
        name: String(r.name),
        townId: n(r.town_id),
        lat: Number(r.site_lat),
        lng: Number(r.site_lng),
        state: String(r.state),
        requirement: String(r.requirement),
        closedAt: (r.closed_at as string | null) ?? null,
      }));
    },
    /** A registered, active person (a board link names one). */
    async activePerson(
      id: number,
    ): Promise<{ id: number; name: string; role: string; townId: number | null } | undefined> {
      const row = await db("persons")
        .select("id", "name", "role", "town_id")
        .where({ id, active: true })
        .first();
      return row
        ? { id: n(row.id), name: String(row.name), role: String(row.role), townId: row.town_id ?? null }
        : undefined;
    },
  };
}

export type BoardRepo = ReturnType<typeof createBoardRepo>;

import type { IsoDate } from "../domain/dates.js";
import { serialNo, TIP_PREFIX } from "../domain/supervision-transfer.js";
import type { Db } from "./db.js";

export type TipStatus = "open" | "confirmed" | "rejected";

/** A public report (12369 举报线索), checked by its town: 属实 becomes a case, 不属实 closes with a reason. */
export interface Tip {
  id: number;
  tipNo: string;
  description: string;
  place: string;
  source: string;
  townId: number;
  townName: string;
  deadline: IsoDate;
  status: TipStatus;
  reason: string | null;
  enterpriseId: number | null;
  registeredBy: number | null;
  registeredAt: string;
}

const base = (db: Db) =>
  db("tips as x").join("towns as t", "t.id", "x.town_id").select("x.*", "t.name as town_name");

const toTip = (r: Record<string, unknown>): Tip => ({
  id: Number(r.id),
  tipNo: String(r.tip_no),
  description: String(r.description),
  place: String(r.place),
  source: String(r.source),
  townId: Number(r.town_id),
  townName: String(r.town_name),
  deadline: String(r.deadline),
  status: r.status as TipStatus,
  reason: (r.reason as string | null) ?? null,
  enterpriseId: r.enterprise_id == null ? null : Number(r.enterprise_id),
  registeredBy: r.registered_by == null ? null : Number(r.registered_by),
  registeredAt: String(r.registered_at),
});

export function createTipsRepo(db: Db) {
  return {
    async add(t: {
      description: string;
      place: string;
      source: string;
      townId: number;
      deadline: IsoDate;
      by: number;
      at: string;
    }): Promise<Tip> {
      const max = await db("tips").max({ n: "seq" }).first();
      const seq = Number(max?.n ?? 0) + 1;
      const [row] = await db("tips")
        .insert({
          tip_no: serialNo(TIP_PREFIX, seq),
          seq,
          description: t.description,
          place: t.place,
          source: t.source,
          town_id: t.townId,
          deadline: t.deadline,
          status: "open",
          registered_by: t.by,
          registered_at: t.at,
        })
        .returning("id");
      const id = typeof row === "object" ? Number((row as { id: number }).id) : Number(row);
      return (await this.byId(id))!;
    },
    async byId(id: number): Promise<Tip | undefined> {
      const r = await base(db).where("x.id", id).first();
      return r ? toTip(r) : undefined;
    },
    async byNo(no: string): Promise<Tip | undefined> {
      const r = await base(db).where("x.tip_no", no.toUpperCase()).first();
      return r ? toTip(r) : undefined;
    },
    async verify(
      id: number,
      v: { status: "confirmed" | "rejected"; reason: string | null; by: number; at: string },
    ): Promise<void> {
      await db("tips")
        .where({ id })
        .update({ status: v.status, reason: v.reason, verified_by: v.by, verified_at: v.at });
    },
    async linkEnterprise(id: number, enterpriseId: number): Promise<void> {
      await db("tips").where({ id }).update({ enterprise_id: enterpriseId });
    },
    /** Open tips, of one town or all, the earliest deadline first. */
    async open(townId?: number): Promise<Tip[]> {
      const q = base(db).where("x.status", "open");
      if (townId) q.andWhere("x.town_id", townId);
      return (await q.orderBy([{ column: "x.deadline" }, { column: "x.id" }])).map(toTip);
    },
    async addPhoto(tipId: number, sha256: string, personId: number, at: string): Promise<boolean> {
      const rows = await db("tip_photos")
        .insert({ tip_id: tipId, sha256, person_id: personId, attached_at: at })
        .onConflict(["tip_id", "sha256"])
        .ignore()
        .returning("id");
      return rows.length > 0;
    },
    async photos(tipId: number): Promise<{ sha256: string; personId: number | null; at: string }[]> {
      const rows = await db("tip_photos").where({ tip_id: tipId }).orderBy("id");
      return rows.map((r) => ({ sha256: r.sha256, personId: r.person_id, at: r.attached_at }));
    },
    /**
     * Makes this tip where the person's next photo goes. Their enterprise focus is cleared, so a
     * later 上报/查询 (which sets it again) takes photos back to the enterprise.
     */
    async setFocus(personId: number, tipId: number, at: string): Promise<void> {
      await db("tip_focus")
        .insert({ person_id: personId, tip_id: tipId, at })
        .onConflict("person_id")
        .merge(["tip_id", "at"]);
      await db("persons").where({ id: personId }).update({ focus_enterprise_id: null });
    },
    async focusOf(personId: number): Promise<number | undefined> {
      const r = await db("tip_focus").where({ person_id: personId }).first();
      return r ? Number(r.tip_id) : undefined;
    },
    /** Per town: tips received, found true, found untrue, still open (for bulletins). */
    async countsByTown(): Promise<
      { townId: number; townName: string; total: number; confirmed: number; rejected: number; open: number }[]
    > {
      const towns = await db("towns").select("id", "name").orderBy("id");
      const rows = (await db("tips")
        .select("town_id", "status")
        .count({ n: "*" })
        .groupBy("town_id", "status")) as Record<string, unknown>[];
      const get = (id: number, s: TipStatus) =>
        Number(rows.find((r) => Number(r.town_id) === id && r.status === s)?.n ?? 0);
      return towns.map((t) => {
        const [confirmed, rejected, open] = [
          get(t.id, "confirmed"),
          get(t.id, "rejected"),
          get(t.id, "open"),
        ];
        return {
          townId: t.id,
          townName: t.name,
          total: confirmed + rejected + open,
          confirmed,
          rejected,
          open,
        };
      });
    },
  };
}

import { z } from "zod";
import type { IsoDate } from "../domain/dates.js";
import { serialNo, TIP_PREFIX } from "../domain/supervision-transfer.js";
import { COUNTERS, nextNumber } from "./counters.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

const TIP_STATUSES = ["open", "confirmed", "rejected"] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

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

const tipRow = rowSchema("tips", {
  id: col.int,
  tip_no: col.text,
  description: col.text,
  place: col.text,
  source: col.text,
  town_id: col.int,
  town_name: col.text,
  deadline: col.text,
  status: z.enum(TIP_STATUSES),
  reason: col.text.nullable(),
  enterprise_id: col.int.nullable(),
  registered_by: col.int.nullable(),
  registered_at: col.text,
});

const toTip = (raw: unknown): Tip => {
  const r = tipRow.parse(raw);
  return {
    id: r.id,
    tipNo: r.tip_no,
    description: r.description,
    place: r.place,
    source: r.source,
    townId: r.town_id,
    townName: r.town_name,
    deadline: r.deadline,
    status: r.status,
    reason: r.reason,
    enterpriseId: r.enterprise_id,
    registeredBy: r.registered_by,
    registeredAt: r.registered_at,
  };
};

const idRow = rowSchema("tips", { id: col.int });
const photoRow = rowSchema("tip_photos", {
  id: col.int,
  sha256: col.text,
  person_id: col.int.nullable(),
  attached_at: col.text,
});
const focusRow = rowSchema("tip_focus", { person_id: col.int, tip_id: col.int }, "person_id");
const townRow = rowSchema("towns", { id: col.int, name: col.text });
const countRow = rowSchema(
  "tips",
  { town_id: col.int, status: z.enum(TIP_STATUSES), n: col.count },
  "town_id",
);

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
      const seq = await nextNumber(db, COUNTERS.tip);
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
      const tip = await this.byId(idRow.parse(row).id);
      if (!tip) throw new Error(`tip ${serialNo(TIP_PREFIX, seq)} was not registered`);
      return tip;
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
      const rows = photoRow.all(await db("tip_photos").where({ tip_id: tipId }).orderBy("id"));
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
      return focusRow.maybe(await db("tip_focus").where({ person_id: personId }).first())?.tip_id;
    },
    /** Per town: tips received, found true, found untrue, still open (for bulletins). */
    async countsByTown(): Promise<
      { townId: number; townName: string; total: number; confirmed: number; rejected: number; open: number }[]
    > {
      const towns = townRow.all(await db("towns").select("id", "name").orderBy("id"));
      const rows = countRow.all(
        await db("tips").select("town_id", "status").count({ n: "*" }).groupBy("town_id", "status"),
      );
      const get = (id: number, s: TipStatus) => rows.find((r) => r.town_id === id && r.status === s)?.n ?? 0;
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

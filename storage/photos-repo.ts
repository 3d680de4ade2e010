import type { Db } from "./db.js";
import type { StoredPhoto } from "./photo-store.js";
import { col, rowSchema } from "./row-schema.js";

export interface AttachedPhoto {
  sha256: string;
  path: string;
  mime: string | null;
  takenAt: string | null;
  gpsLat: number | null;
  gpsLng: number | null;
  attachedAt: string;
  personName: string | null;
  reused: boolean;
}

const attachedRow = rowSchema(
  "enterprise_photos",
  {
    sha256: col.text,
    path: col.text,
    mime: col.text.nullable(),
    taken_at: col.text.nullable(),
    gps_lat: col.real.nullable(),
    gps_lng: col.real.nullable(),
    attached_at: col.text,
    reused: col.bool,
    person_name: col.text.nullable(),
  },
  "sha256",
);
const caseNoRow = rowSchema("enterprises", { case_no: col.text }, "case_no");
const sharedRow = rowSchema("enterprise_photos", { sha256: col.text, case_no: col.text }, "sha256");
const countRow = rowSchema("enterprise_photos", { n: col.count });

export function createPhotosRepo(db: Db) {
  return {
    async record(photo: StoredPhoto, now: string): Promise<void> {
      await db("photos")
        .insert({
          sha256: photo.sha256,
          path: photo.path,
          size: photo.size,
          mime: photo.mime,
          taken_at: photo.takenAt,
          gps_lat: photo.gps?.lat ?? null,
          gps_lng: photo.gps?.lng ?? null,
          first_received_at: now,
        })
        .onConflict("sha256")
        .ignore();
    },
    /**
     * Attaches a photo to an enterprise. Returns the case numbers of other enterprises that already
     * hold the same bytes (flagged on both sides), or null when it was attached here already.
     */
    async attach(a: {
      enterpriseId: number;
      sha256: string;
      personId: number;
      inboundId: number | null;
      at: string;
    }): Promise<{ reusedOn: string[] } | null> {
      const existing = await db("enterprise_photos")
        .where({ enterprise_id: a.enterpriseId, sha256: a.sha256 })
        .first();
      if (existing) return null;
      const others = caseNoRow.all(
        await db("enterprise_photos as ep")
          .join("enterprises as e", "e.id", "ep.enterprise_id")
          .select("e.case_no")
          .where("ep.sha256", a.sha256)
          .andWhereNot("ep.enterprise_id", a.enterpriseId)
          // A withdrawn report (撤回) was a mistake: its photo moving to the right case is no reuse.
          .whereNull("e.withdrawn_at"),
      );
      const reused = others.length > 0;
      await db("enterprise_photos").insert({
        enterprise_id: a.enterpriseId,
        sha256: a.sha256,
        attached_at: a.at,
        person_id: a.personId,
        inbound_id: a.inboundId,
        reused,
      });
      if (reused) await db("enterprise_photos").where({ sha256: a.sha256 }).update({ reused: true });
      return { reusedOn: others.map((o) => o.case_no) };
    },
    async forEnterprise(enterpriseId: number): Promise<AttachedPhoto[]> {
      const rows = await db("enterprise_photos as ep")
        .join("photos as p", "p.sha256", "ep.sha256")
        .leftJoin("persons as u", "u.id", "ep.person_id")
        .select("p.*", "ep.attached_at", "ep.reused", "u.name as person_name")
        .where("ep.enterprise_id", enterpriseId)
        .orderBy("ep.id");
      return attachedRow.all(rows).map((r) => ({
        sha256: r.sha256,
        path: r.path,
        mime: r.mime,
        takenAt: r.taken_at,
        gpsLat: r.gps_lat,
        gpsLng: r.gps_lng,
        attachedAt: r.attached_at,
        personName: r.person_name,
        reused: r.reused,
      }));
    },
    /**
     * For each photo of an enterprise that other enterprises hold too, their case numbers (in the
     * order they were attached there): one query for all the photos.
     */
    async sharedWith(enterpriseId: number): Promise<Map<string, string[]>> {
      const rows = sharedRow.all(
        await db("enterprise_photos as mine")
          .join("enterprise_photos as other", (on) =>
            on.on("other.sha256", "mine.sha256").andOn("other.enterprise_id", "<>", "mine.enterprise_id"),
          )
          .join("enterprises as e", "e.id", "other.enterprise_id")
          .select("mine.sha256", "e.case_no")
          .where("mine.enterprise_id", enterpriseId)
          .orderBy([{ column: "mine.id" }, { column: "other.id" }]),
      );
      const shared = new Map<string, string[]>();
      for (const r of rows) shared.set(r.sha256, [...(shared.get(r.sha256) ?? []), r.case_no]);
      return shared;
    },
    /**
     * Photos that can prove completion: received after the case was reported, and not taken
     * (by their EXIF time, when they carry one) before it.
     */
    async proofCount(enterpriseId: number, reportedAt: string): Promise<number> {
      const row = await db("enterprise_photos as ep")
        .join("photos as p", "p.sha256", "ep.sha256")
        .where("ep.enterprise_id", enterpriseId)
        .andWhere("ep.attached_at", ">=", reportedAt)
        .andWhere((w) => w.whereNull("p.taken_at").orWhere("p.taken_at", ">=", reportedAt))
        .count({ n: "*" })
        .first();
      return countRow.maybe(row)?.n ?? 0;
    },
  };
}

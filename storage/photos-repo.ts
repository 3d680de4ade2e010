import type { PhotoFacts } from "../domain/photo-proof.js";
import type { Db } from "./db.js";
import type { StoredPhoto } from "./photo-store.js";
import { col, rowSchema } from "./row-schema.js";

/**
 * A photo in an enterprise's file, numbered as 查询 and the dossier show it (照片1, 照片2 …), with the
 * facts `judgePhoto` (domain/photo-proof.ts) decides on.
 */
export interface AttachedPhoto extends PhotoFacts {
  /** 1-based, in the order the photos were filed. */
  seq: number;
  sha256: string;
  path: string;
  mime: string | null;
  /** ISO instant it was filed with this enterprise. */
  attachedAt: string;
  personName: string | null;
}

const attachedRow = rowSchema(
  "enterprise_photos",
  {
    ep_id: col.int,
    sha256: col.text,
    path: col.text,
    mime: col.text.nullable(),
    is_image: col.bool.nullable(),
    first_received_at: col.text,
    taken_at: col.text.nullable(),
    gps_lat: col.real.nullable(),
    gps_lng: col.real.nullable(),
    attached_at: col.text,
    person_name: col.text.nullable(),
    accepted_at: col.text.nullable(),
    accept_reason: col.text.nullable(),
    accepted_by_name: col.text.nullable(),
  },
  "ep_id",
);
const caseNoRow = rowSchema("enterprises", { case_no: col.text }, "case_no");
const earlierRow = rowSchema("enterprise_photos", { id: col.int, sha256: col.text, case_no: col.text });
const imageRow = rowSchema("photos", { is_image: col.bool.nullable(), mime: col.text.nullable() }, "mime");

/** Rows from before the bytes were decoded on arrival (migration 018) go by the type their first bytes named. */
const isImageOf = (r: { is_image: boolean | null; mime: string | null }) =>
  r.is_image ?? (r.mime ?? "").startsWith("image/");

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
          is_image: photo.isImage,
        })
        .onConflict("sha256")
        .ignore();
    },
    /** Whether stored bytes decoded as a picture; undefined when no photo is stored under the hash. */
    async isImage(sha256: string): Promise<boolean | undefined> {
      const row = imageRow.maybe(await db("photos").select("is_image", "mime").where({ sha256 }).first());
      return row ? isImageOf(row) : undefined;
    },
    /**
     * Attaches a photo to an enterprise. Returns the case numbers of other enterprises that already
     * hold the same bytes, or null when it was attached here already.
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
          .whereNull("e.withdrawn_at")
          .orderBy("ep.id"),
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
    /**
     * The photos of an enterprise, in filing order, with what decides whether each proves its
     * completion: whether it is an image, when the bot first received the bytes, EXIF time and place,
     * the enterprises (not withdrawn) that held the same bytes before this one did, and a supervisor's
     * 采信. Two queries, however many photos.
     */
    async forEnterprise(enterpriseId: number): Promise<AttachedPhoto[]> {
      const rows = attachedRow.all(
        await db("enterprise_photos as ep")
          .join("photos as p", "p.sha256", "ep.sha256")
          .leftJoin("persons as u", "u.id", "ep.person_id")
          .leftJoin("persons as a", "a.id", "ep.accepted_by")
          .select(
            "ep.id as ep_id",
            "p.sha256",
            "p.path",
            "p.mime",
            "p.is_image",
            "p.first_received_at",
            "p.taken_at",
            "p.gps_lat",
            "p.gps_lng",
            "ep.attached_at",
            "ep.accepted_at",
            "ep.accept_reason",
            "u.name as person_name",
            "a.name as accepted_by_name",
          )
          .where("ep.enterprise_id", enterpriseId)
          .orderBy("ep.id"),
      );
      const earlier = earlierRow.all(
        await db("enterprise_photos as o")
          .join("enterprise_photos as mine", "mine.sha256", "o.sha256")
          .join("enterprises as e", "e.id", "o.enterprise_id")
          .select("o.id", "o.sha256", "e.case_no")
          .where("mine.enterprise_id", enterpriseId)
          .andWhereNot("o.enterprise_id", enterpriseId)
          .andWhere("o.id", "<", db.ref("mine.id"))
          .whereNull("e.withdrawn_at")
          .orderBy("o.id"),
      );
      return rows.map((r, i) => ({
        seq: i + 1,
        sha256: r.sha256,
        path: r.path,
        mime: r.mime,
        attachedAt: r.attached_at,
        personName: r.person_name,
        isImage: isImageOf(r),
        receivedAt: r.first_received_at,
        takenAt: r.taken_at,
        gps: r.gps_lat !== null && r.gps_lng !== null ? { lat: r.gps_lat, lng: r.gps_lng } : null,
        // Reused FROM another enterprise: the same bytes were in its file first.
        reusedOn: earlier.filter((o) => o.sha256 === r.sha256).map((o) => o.case_no),
        acceptance: r.accepted_at
          ? { by: r.accepted_by_name ?? "区督查", at: r.accepted_at, reason: r.accept_reason ?? "" }
          : null,
      }));
    },
    /** A district supervisor's 采信 of one of an enterprise's photos (its sha256). */
    async accept(a: {
      enterpriseId: number;
      sha256: string;
      personId: number;
      at: string;
      reason: string;
    }): Promise<void> {
      await db("enterprise_photos")
        .where({ enterprise_id: a.enterpriseId, sha256: a.sha256 })
        .update({ accepted_by: a.personId, accepted_at: a.at, accept_reason: a.reason });
    },
  };
}

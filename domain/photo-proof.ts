import { chineseDate } from "./dates.js";
import type { Enterprise } from "./enterprise.js";

/**
 * Whether a photo proves that a case was finished (假报 is punished: 惠环保〔2017〕2号 五). The one
 * decision every reply, 进展/销号, 查询, the dossier and the board make through `judgePhoto`, so they
 * can never disagree. A photo proves completion only if it decodes as an image, was received after
 * the report (and after the last 反弹, if the case was reopened: an earlier photo shows the earlier
 * round's result), was not taken (by its EXIF time) before either, is not the same picture as one in another
 * enterprise's file, and — where both positions are known — was taken within `maxDistanceMeters` of
 * the site. Anything else stays in the file with its reasons, and proves nothing until a district
 * supervisor accepts it (采信, audited). A file that is not an image proves nothing, accepted or not.
 */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** What a district supervisor said when accepting a photo the rules reject (采信). */
export interface PhotoAcceptance {
  by: string;
  /** ISO instant. */
  at: string;
  reason: string;
}

export interface PhotoFacts {
  /** The bytes decoded as a picture when they arrived. */
  isImage: boolean;
  /** ISO instant the bot first received these bytes. */
  receivedAt: string;
  /** EXIF DateTimeOriginal: an ISO instant, or the camera's local time without a zone (read as Beijing time). */
  takenAt: string | null;
  gps: GeoPoint | null;
  /** Case numbers of other enterprises whose files hold the same bytes. */
  reusedOn: string[];
  acceptance: PhotoAcceptance | null;
}

export interface CaseForProof {
  /** ISO instant of the report. */
  reportedAt: string;
  /** ISO instant of the last 反弹 (reopening), if any. */
  reopenedAt?: string | null;
  site: GeoPoint | null;
}

/** What the decision needs to know of an enterprise: its report, last reopening and site. */
export const caseForProof = (
  e: Pick<Enterprise, "reportedAt" | "reopenedAt" | "siteLat" | "siteLng">,
): CaseForProof => ({
  reportedAt: e.reportedAt,
  reopenedAt: e.reopenedAt,
  site: e.siteLat !== null && e.siteLng !== null ? { lat: e.siteLat, lng: e.siteLng } : null,
});

export interface ProofPolicy {
  /** A photo taken farther than this from the site (both positions known) proves nothing by itself. */
  maxDistanceMeters: number;
}

export const DEFAULT_PROOF_POLICY: ProofPolicy = Object.freeze({ maxDistanceMeters: 500 });

export type PhotoFlawKind =
  | "not_image"
  | "received_before_report"
  | "taken_before_report"
  | "before_reopen"
  | "reused"
  | "far";

export interface PhotoFlaw {
  kind: PhotoFlawKind;
  /** Why, in Chinese: 拍摄地点距厂址约18.0公里（超过500米）. */
  text: string;
}

export interface PhotoVerdict {
  proves: boolean;
  /** What the rules found wrong with it (kept even when accepted: the dossier shows both). */
  flaws: PhotoFlaw[];
  acceptance: PhotoAcceptance | null;
  /** Whether a supervisor's 采信 could make it proof (not for a file that is not an image). */
  acceptable: boolean;
  distanceMeters: number | null;
}

const EARTH_RADIUS_METERS = 6_371_008.8;

/** Great-circle distance in meters. */
export function haversineMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** 约120米 / 约2.3公里. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `约${Math.round(meters / 10) * 10}米`;
  return `约${(meters / 1000).toFixed(1)}公里`;
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const BEIJING_MS = 8 * 3_600_000;

/** An instant in ms; a time without a zone (EXIF's camera clock) is read as Beijing time. */
export function instantOf(time: string): number {
  const iso = time.replace(/^(\d{4}):(\d{2}):(\d{2}) /, "$1-$2-$3T");
  return HAS_ZONE.test(iso) ? Date.parse(iso) : Date.parse(`${iso}+08:00`);
}

/** The Beijing calendar day of an instant (ms). */
function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
}

/**
 * Judges one photo of one case.
 *
 * @example
 *   judgePhoto(facts, caseForProof(e), DEFAULT_PROOF_POLICY).proves
 */
export function judgePhoto(photo: PhotoFacts, c: CaseForProof, policy: ProofPolicy): PhotoVerdict {
  const flaws: PhotoFlaw[] = [];
  const reported = Date.parse(c.reportedAt);
  if (!photo.isImage) flaws.push({ kind: "not_image", text: "不是图片（无法识别为照片）" });
  const received = Date.parse(photo.receivedAt);
  if (received < reported) {
    flaws.push({
      kind: "received_before_report",
      text: `收到于上报之前（${chineseDate(beijingDay(received))}）`,
    });
  }
  const taken = photo.takenAt ? instantOf(photo.takenAt) : Number.NaN;
  if (!Number.isNaN(taken) && taken < reported && received >= reported) {
    flaws.push({ kind: "taken_before_report", text: `拍摄于上报之前（${chineseDate(beijingDay(taken))}）` });
  }
  // Reopened (反弹): only a photo of this round proves it — received and taken after the reopening.
  const reopened = c.reopenedAt ? Date.parse(c.reopenedAt) : Number.NaN;
  if (!Number.isNaN(reopened) && received >= reported) {
    const before = received < reopened ? received : !Number.isNaN(taken) && taken < reopened ? taken : null;
    if (before !== null) {
      flaws.push({
        kind: "before_reopen",
        text: `${received < reopened ? "收到" : "拍摄"}于反弹重新立案之前（${chineseDate(beijingDay(before))}），不能证明本次整治`,
      });
    }
  }
  if (photo.reusedOn.length > 0) {
    flaws.push({ kind: "reused", text: `与${photo.reusedOn.join("、")}的照片相同` });
  }
  const distanceMeters = photo.gps && c.site ? haversineMeters(photo.gps, c.site) : null;
  if (distanceMeters !== null && distanceMeters > policy.maxDistanceMeters) {
    flaws.push({
      kind: "far",
      text: `拍摄地点距厂址${formatDistance(distanceMeters)}（超过${formatDistance(policy.maxDistanceMeters).replace("约", "")}）`,
    });
  }
  const acceptable = photo.isImage;
  const acceptance = acceptable ? photo.acceptance : null;
  return { proves: flaws.length === 0 || acceptance !== null, flaws, acceptance, acceptable, distanceMeters };
}

/** The verdict in one line, as chat, the dossier and the board print it. */
export function verdictText(v: PhotoVerdict): string {
  if (v.proves) {
    return v.acceptance
      ? `可作为整治完成的证明（${v.acceptance.by}采信：${v.acceptance.reason}）`
      : "可作为整治完成的证明";
  }
  return `不作为整治完成的证明：${v.flaws.map((f) => f.text).join("；")}`;
}

/** How many of a case's photos prove its completion. */
export function countProofs(photos: readonly PhotoFacts[], c: CaseForProof, policy: ProofPolicy): number {
  return photos.filter((p) => judgePhoto(p, c, policy).proves).length;
}

import { chineseDate, type IsoDate } from "../../domain/dates.js";

/**
 * What a photo proves: its EXIF time and place are hints (chat apps often strip them), never proof on their
 * own. A photo counts as proof of completion only when it was not taken before the case was reported and
 * is not the same picture as one sent for another enterprise.
 */
export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface PhotoFacts {
  /** ISO instant the bot received it. */
  receivedAt: string;
  /** EXIF DateTimeOriginal: an ISO instant, or the camera's local time without a zone. */
  takenAt: string | null;
  gps: GeoPoint | null;
  /** Case numbers of other enterprises the same bytes were attached to. */
  reusedOn: string[];
}

export interface PhotoVerdict {
  countsAsProof: boolean;
  /** Why it does not count, or what to check, in Chinese. */
  notes: string[];
  takenBeforeReport: boolean;
  distanceMeters: number | null;
}

export const CAMPAIGN_TIME_ZONE = "Asia/Shanghai";
/** A photo whose GPS is farther than this from the site is flagged for checking. */
export const FAR_FROM_SITE_METERS = 1000;

const EARTH_RADIUS_METERS = 6_371_008.8;

/** Great-circle distance in meters. */
export function haversineMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})[-:](\d{2})[-:](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Intl formatters are costly to build (a dossier formats dozens of times): one per zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Calendar date and clock time of a time as the campaign reads it (zone-less EXIF stays as the camera said). */
function localParts(time: string, timeZone: string): { date: IsoDate; clock: string } | null {
  if (HAS_ZONE.test(time)) {
    const d = new Date(time);
    if (Number.isNaN(d.getTime())) return null;
    const p = Object.fromEntries(
      formatterFor(timeZone)
        .formatToParts(d)
        .map((x) => [x.type, x.value]),
    );
    return { date: `${p.year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}` };
  }
  const m = LOCAL.exec(time);
  return m ? { date: `${m[1]}-${m[2]}-${m[3]}`, clock: `${m[4]}:${m[5]}` } : null;
}

/** 2017-03-20T06:05:00Z → 2017年3月20日 14:05 (in the campaign's zone). */
export function formatTime(time: string, timeZone = CAMPAIGN_TIME_ZONE): string {
  const p = localParts(time, timeZone);
  return p ? `${chineseDate(p.date)} ${p.clock}` : time;
}

/** The EXIF time in words, or that it is unknown. */
export function formatExifTime(takenAt: string | null, timeZone = CAMPAIGN_TIME_ZONE): string {
  return takenAt ? `拍摄时间：${formatTime(takenAt, timeZone)}` : "拍摄时间：未知（照片无EXIF时间）";
}

/** 北纬34.8512°，东经113.6123° — or that the photo has no location. */
export function formatPlace(gps: GeoPoint | null): string {
  if (!gps) return "拍摄地点：未知（照片无GPS信息）";
  const lat = `${gps.lat >= 0 ? "北纬" : "南纬"}${Math.abs(gps.lat).toFixed(4)}°`;
  const lng = `${gps.lng >= 0 ? "东经" : "西经"}${Math.abs(gps.lng).toFixed(4)}°`;
  return `拍摄地点：${lat}，${lng}`;
}

/** 约120米 / 约2.3公里. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `约${Math.round(meters / 10) * 10}米`;
  return `约${(meters / 1000).toFixed(1)}公里`;
}

/** Judges one photo of one enterprise reported on `reportedOn`, whose site may be known. */
export function judgePhoto(
  photo: PhotoFacts,
  ctx: { reportedOn: IsoDate; site: GeoPoint | null; timeZone?: string },
): PhotoVerdict {
  const tz = ctx.timeZone ?? CAMPAIGN_TIME_ZONE;
  const notes: string[] = [];
  const taken = localParts(photo.takenAt ?? photo.receivedAt, tz);
  const takenBeforeReport = taken !== null && taken.date < ctx.reportedOn;
  if (takenBeforeReport && taken) {
    notes.push(`拍摄于上报之前（${chineseDate(taken.date)}），不作为整治完成的证明`);
  }
  if (photo.reusedOn.length > 0) {
    notes.push(`同一照片也用于其他企业（${photo.reusedOn.join("、")}），不作为证明，需核实`);
  }
  const distanceMeters = photo.gps && ctx.site ? haversineMeters(photo.gps, ctx.site) : null;
  if (distanceMeters !== null && distanceMeters > FAR_FROM_SITE_METERS) {
    notes.push(`拍摄地点距厂址${formatDistance(distanceMeters)}，需核实`);
  }
  return {
    countsAsProof: !takenBeforeReport && photo.reusedOn.length === 0,
    notes,
    takenBeforeReport,
    distanceMeters,
  };
}

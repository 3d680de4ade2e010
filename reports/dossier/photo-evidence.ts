import { chineseDate, type IsoDate } from "../../domain/dates.js";
import type { GeoPoint } from "../../domain/photo-proof.js";

/**
 * How the dossier writes a photo's facts: times in the campaign's zone, places in degrees. Whether a
 * photo proves anything is decided in one place, domain/photo-proof.ts.
 */
export { formatDistance, type GeoPoint, haversineMeters } from "../../domain/photo-proof.js";

export const CAMPAIGN_TIME_ZONE = "Asia/Shanghai";

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

import { parse } from "node-cron";
import { dateKey, daysInMonth, monthKey, weekKey, zonedInstant, zonedParts } from "../base/zoned-time.js";

/** How often a job must run at most once: per calendar day, ISO week or month in the campaign's zone. */
export type PeriodKind = "day" | "week" | "month";

/**
 * One run slot of a job: the unit claimed in job_runs. Two ticks that fall in the same period
 * (a restart, a second instance, a clock set back) share the key and so run once.
 *
 * @example
 *   periodOf("weekly-bulletin", "week", new Date("2017-03-20T01:00:00Z"), "Asia/Shanghai")
 *   // → { job: "weekly-bulletin", kind: "week", bucket: "2017-W12", key: "weekly-bulletin:2017-W12", … }
 */
export interface Period {
  job: string;
  kind: PeriodKind;
  /** '2017-03-21', '2017-W12' or '2017-03'. */
  bucket: string;
  /** `${job}:${bucket}`, unique in job_runs. */
  key: string;
  /** The cron slot this run belongs to. */
  dueAt: Date;
  /** Calendar date of `dueAt` in the zone, 'YYYY-MM-DD'. */
  date: string;
}

function bucketOf(kind: PeriodKind, instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  switch (kind) {
    case "day":
      return dateKey(p);
    case "week":
      return weekKey(p);
    case "month":
      return monthKey(p);
  }
}

/** The period a slot (a cron tick at `dueAt`) belongs to. */
export function periodOf(job: string, kind: PeriodKind, dueAt: Date, timeZone: string): Period {
  const bucket = bucketOf(kind, dueAt, timeZone);
  return { job, kind, bucket, key: `${job}:${bucket}`, dueAt, date: dateKey(zonedParts(dueAt, timeZone)) };
}

interface DayFields {
  dayOfMonth: (number | string)[];
  month: number[];
  dayOfWeek: (number | string)[];
}

function dayMatches(f: DayFields, year: number, month: number, day: number, weekday: number): boolean {
  if (!f.month.includes(month)) return false;
  const last = daysInMonth(year, month);
  const domOk = f.dayOfMonth.some((v) => v === day || (v === "L" && day === last));
  const dowOk = f.dayOfWeek.some((v) => v === weekday || (v === 7 && weekday === 0));
  // node-cron ANDs the two day fields (unlike Vixie cron's OR).
  return domOk && dowOk;
}

/** Cron expressions a schedule may use: node-cron's syntax, day fields plain numbers, ranges, steps or `L`. */
export function isSupportedCron(expression: string): boolean {
  try {
    const f = parse(expression);
    return [...f.dayOfMonth, ...f.dayOfWeek].every((v) => typeof v === "number" || v === "L");
  } catch {
    return false;
  }
}

const MAX_LOOKBACK_DAYS = 800;

/**
 * The latest cron slot at or before `now`, in the zone, or null if none in the last ~2 years.
 * Pure: node-cron's parser, no timers.
 */
export function lastSlotAtOrBefore(cron: string, now: Date, timeZone: string): Date | null {
  const f = parse(cron);
  const times: [number, number, number][] = [];
  for (const h of [...f.hour].sort((a, b) => b - a))
    for (const m of [...f.minute].sort((a, b) => b - a))
      for (const s of [...f.second].sort((a, b) => b - a)) times.push([h, m, s]);
  const today = zonedParts(now, timeZone);
  const cursor = new Date(Date.UTC(today.year, today.month - 1, today.day));
  for (let i = 0; i < MAX_LOOKBACK_DAYS; i++) {
    const [y, mo, d] = [cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate()];
    if (dayMatches(f, y, mo, d, cursor.getUTCDay())) {
      for (const [h, m, s] of times) {
        const slot = zonedInstant(timeZone, y, mo, d, h, m, s);
        if (slot.getTime() <= now.getTime()) return slot;
      }
    }
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }
  return null;
}
/**
 * The slot of the period `now` is in: the period's cron slot if it has passed, else `now` itself
 * (立即推送 on the 10th pushes this month's reminder ahead of the 23rd, and the 23rd then skips).
 */
export function currentSlot(job: { cron: string; period: PeriodKind }, now: Date, timeZone: string): Date {
  const slot = lastSlotAtOrBefore(job.cron, now, timeZone);
  return slot && bucketOf(job.period, slot, timeZone) === bucketOf(job.period, now, timeZone) ? slot : now;
}

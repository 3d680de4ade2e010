/**
 * Wall-clock arithmetic in a named time zone with nothing but Intl. The campaign lives in
 * Asia/Shanghai (UTC+8 all year, no DST since 1991), but nothing here assumes a fixed offset.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday, as in cron. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The wall-clock reading of an instant in a zone, from the formatter's typed parts: no locale's
 * date layout is read, so the answer does not depend on the ICU data the runtime was built with.
 */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const out = { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN };
  const isField = (type: string): type is keyof typeof out => type in out;
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (isField(p.type)) out[p.type] = Number(p.value);
  }
  if (Object.values(out).some(Number.isNaN)) {
    throw new RangeError(`cannot read the time of ${instant.toISOString()} in ${timeZone}`);
  }
  return { ...out, weekday: new Date(Date.UTC(out.year, out.month - 1, out.day)).getUTCDay() };
}

const lastDates = new Map<string, { minute: number; date: string }>();

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone (the campaign lives in Asia/Shanghai). */
export function dateInZone(instant: Date, timeZone: string): string {
  // Every message asks for today's date, and formatting costs more than most of its SQL: a date
  // cannot change within a minute (zone offsets since 1900 are whole minutes), so the last answer is kept.
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = dateKey(zonedParts(instant, timeZone));
  lastDates.set(timeZone, { minute, date });
  return date;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (instant.getTime() - instant.getUTCMilliseconds());
}

/** The instant a wall clock in the zone reads the given time (the earlier one if it reads it twice). */
export function zonedInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  // A second pass settles instants next to an offset change.
  guess = asUtc - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** 'YYYY-MM-DD' of the wall-clock date. */
export function dateKey(p: Pick<ZonedParts, "year" | "month" | "day">): string {
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

export function monthKey(p: Pick<ZonedParts, "year" | "month">): string {
  return `${p.year}-${pad(p.month)}`;
}

/** ISO-8601 week of a calendar date: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const isoYear = date.getUTCFullYear();
  const jan1 = Date.UTC(isoYear, 0, 1);
  const week = Math.ceil(((date.getTime() - jan1) / 86_400_000 + 1) / 7);
  return { year: isoYear, week };
}

export function weekKey(p: Pick<ZonedParts, "year" | "month" | "day">): string {
  const w = isoWeek(p.year, p.month, p.day);
  return `${w.year}-W${pad(w.week)}`;
}

import { type IsoDate, isoDate } from "./dates.js";

/** The same day `months` later; the 31st becomes the month's last day (1月31日 + 1 → 2月28日). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return isoDate(year, month, Math.min(d, last));
}

/**
 * When a closed case is looked at again (回头看): `months` after its 销号 day.
 *
 * @example
 *   reboundDueDates("2017-03-21", [1, 3, 6]) // → 04-21, 06-21, 09-21 with their months
 */
export function reboundDueDates(
  closedOn: IsoDate,
  months: readonly number[],
): { months: number; dueOn: IsoDate }[] {
  return [...new Set(months)]
    .sort((a, b) => a - b)
    .map((m) => ({ months: m, dueOn: addMonths(closedOn, m) }));
}

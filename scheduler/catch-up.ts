import { dateKey, zonedParts } from "../base/zoned-time.js";

/**
 * How late a missed run may still go out. `sameDay` (the default): until midnight of the slot's
 * day in the zone — a 09:00 reminder found missed at 15:00 still goes, one found the next morning
 * does not (tomorrow's news would be wrong). `ms`: within that many milliseconds of the slot.
 */
export type Grace = { kind: "sameDay" } | { kind: "ms"; ms: number };

export const SAME_DAY: Grace = { kind: "sameDay" };

/**
 * Must a slot that was due at `dueAt` run now? Only if it is already due and still inside the
 * grace period: never before its time, never after the grace.
 *
 * @example
 *   mustCatchUp(new Date("2017-03-23T01:00:00Z"), new Date("2017-03-23T07:00:00Z"), SAME_DAY, "Asia/Shanghai") // true
 */
export function mustCatchUp(dueAt: Date, now: Date, grace: Grace, timeZone: string): boolean {
  const late = now.getTime() - dueAt.getTime();
  if (late < 0) return false;
  if (grace.kind === "ms") return late <= grace.ms;
  return dateKey(zonedParts(dueAt, timeZone)) === dateKey(zonedParts(now, timeZone));
}

/** `graceMs` from the options: undefined → same day, a number → that many milliseconds. */
export function graceFrom(graceMs: number | undefined): Grace {
  return graceMs === undefined ? SAME_DAY : { kind: "ms", ms: graceMs };
}

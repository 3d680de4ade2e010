import type { IsoDate } from "../domain/dates.js";
import { dateInZone } from "./zoned-time.js";

/** Time, injected: tests move it, production reads the system clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test can set and move. */
export function fixedClock(start: Date | string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d: Date | string) => {
      t = new Date(d).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export const CAMPAIGN_TZ = "Asia/Shanghai";

/** Today's calendar date where the campaign lives. */
export function today(clock: Clock): IsoDate {
  return dateInZone(clock.now(), CAMPAIGN_TZ);
}

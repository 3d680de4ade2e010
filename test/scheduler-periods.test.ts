import { describe, expect, test } from "vitest";
import { isoWeek, zonedInstant } from "../base/zoned-time.js";
import { graceFrom, mustCatchUp, SAME_DAY } from "../scheduler/catch-up.js";
import { isSupportedCron, lastSlotAtOrBefore, type PeriodKind, periodOf } from "../scheduler/periods.js";

const TZ = "Asia/Shanghai";
const at = (iso: string) => new Date(iso);

describe("periodOf", () => {
  test.each<[string, PeriodKind, string, string]>([
    ["ledger-reminder", "month", "2017-03-23T01:00:00Z", "ledger-reminder:2017-03"],
    ["weekly-bulletin", "week", "2017-03-20T01:00:00Z", "weekly-bulletin:2017-W12"],
    ["deadline-warnings", "day", "2017-03-21T00:30:00Z", "deadline-warnings:2017-03-21"],
    // Shanghai is 8 hours ahead: 16:00Z on the last of the month is already the 1st.
    ["monthly-summary", "month", "2017-02-28T16:00:00Z", "monthly-summary:2017-03"],
    ["monthly-summary", "month", "2017-02-28T15:59:59Z", "monthly-summary:2017-02"],
    ["deadline-warnings", "day", "2016-12-31T16:00:00Z", "deadline-warnings:2017-01-01"],
    ["deadline-warnings", "day", "2016-02-29T01:00:00Z", "deadline-warnings:2016-02-29"],
    // The week across a year: Monday 31 Dec 2018 opens 2019-W01; in UTC it is still Sunday (W52).
    ["weekly-bulletin", "week", "2018-12-30T16:30:00Z", "weekly-bulletin:2019-W01"],
    ["weekly-bulletin", "week", "2021-01-01T01:00:00Z", "weekly-bulletin:2020-W53"],
    ["weekly-bulletin", "week", "2016-01-03T01:00:00Z", "weekly-bulletin:2015-W53"],
    ["weekly-bulletin", "week", "2017-01-01T01:00:00Z", "weekly-bulletin:2016-W52"],
    ["weekly-bulletin", "week", "2017-01-02T01:00:00Z", "weekly-bulletin:2017-W01"],
  ])("%s %s at %s → %s", (job, kind, instant, key) => {
    expect(periodOf(job, kind, at(instant), TZ).key).toBe(key);
  });

  test("carries the slot and its local date", () => {
    const p = periodOf("weekly-bulletin", "week", at("2017-03-19T16:00:00Z"), TZ);
    expect(p).toEqual({
      job: "weekly-bulletin",
      kind: "week",
      bucket: "2017-W12",
      key: "weekly-bulletin:2017-W12",
      dueAt: at("2017-03-19T16:00:00Z"),
      date: "2017-03-20",
    });
  });
});

describe("isoWeek", () => {
  test.each([
    [2017, 3, 20, 2017, 12],
    [2018, 12, 31, 2019, 1],
    [2020, 12, 31, 2020, 53],
    [2021, 1, 3, 2020, 53],
    [2021, 1, 4, 2021, 1],
    [2026, 12, 28, 2026, 53],
  ])("%i-%i-%i is %i-W%i", (y, m, d, wy, w) => {
    expect(isoWeek(y, m, d)).toEqual({ year: wy, week: w });
  });
});

describe("lastSlotAtOrBefore (Asia/Shanghai)", () => {
  test.each([
    ["0 9 23 * *", "2017-03-23T00:59:59Z", "2017-02-23T01:00:00.000Z"],
    ["0 9 23 * *", "2017-03-23T01:00:00Z", "2017-03-23T01:00:00.000Z"],
    ["0 9 23 * *", "2017-03-23T12:00:00Z", "2017-03-23T01:00:00.000Z"],
    ["0 18 23 * *", "2017-03-23T09:59:00Z", "2017-02-23T10:00:00.000Z"],
    ["0 9 1 * *", "2017-01-01T00:00:00Z", "2016-12-01T01:00:00.000Z"],
    ["0 9 L * *", "2017-03-01T02:00:00Z", "2017-02-28T01:00:00.000Z"],
    ["0 9 L * *", "2016-03-01T02:00:00Z", "2016-02-29T01:00:00.000Z"],
    ["0 9 31 * *", "2017-05-01T00:00:00Z", "2017-03-31T01:00:00.000Z"],
    ["0 9 29 2 *", "2017-03-01T00:00:00Z", "2016-02-29T01:00:00.000Z"],
    ["0 9 * * 1", "2017-01-01T04:00:00Z", "2016-12-26T01:00:00.000Z"],
    ["30 8 * * *", "2017-03-21T00:29:59Z", "2017-03-20T00:30:00.000Z"],
    ["30 8 * * *", "2016-12-31T16:10:00Z", "2016-12-31T00:30:00.000Z"],
    ["0 9,15 * * *", "2017-03-21T08:00:00Z", "2017-03-21T07:00:00.000Z"],
  ])("%s before %s → %s", (cron, now, slot) => {
    expect(lastSlotAtOrBefore(cron, at(now), TZ)?.toISOString()).toBe(slot);
  });

  test("no daylight saving in Shanghai: 09:00 is 01:00Z in winter and summer", () => {
    for (const month of [1, 3, 4, 7, 10, 11, 12]) {
      expect(zonedInstant(TZ, 2017, month, 15, 9).toISOString()).toBe(
        `2017-${String(month).padStart(2, "0")}-15T01:00:00.000Z`,
      );
    }
  });

  test("another zone's daylight saving is honoured", () => {
    expect(zonedInstant("Europe/Berlin", 2017, 7, 1, 9).toISOString()).toBe("2017-07-01T07:00:00.000Z");
    expect(zonedInstant("Europe/Berlin", 2017, 1, 1, 9).toISOString()).toBe("2017-01-01T08:00:00.000Z");
  });

  test.each([
    ["0 9 20 * *", true],
    ["0 9 L * *", true],
    ["0 9 * * 1#2", false],
    ["not a cron", false],
  ])("supported cron %s: %s", (cron, ok) => {
    expect(isSupportedCron(cron)).toBe(ok);
  });
});

describe("mustCatchUp", () => {
  const due = at("2017-03-23T01:00:00Z"); // 23 March 09:00 Shanghai
  test.each([
    ["before its time", "2017-03-23T00:59:59Z", SAME_DAY, false],
    ["at its time", "2017-03-23T01:00:00Z", SAME_DAY, true],
    ["same afternoon", "2017-03-23T07:00:00Z", SAME_DAY, true],
    ["23:59:59 Shanghai", "2017-03-23T15:59:59Z", SAME_DAY, true],
    ["next midnight Shanghai (still the 23rd in UTC)", "2017-03-23T16:00:00Z", SAME_DAY, false],
    ["next morning", "2017-03-24T01:00:00Z", SAME_DAY, false],
    ["inside 2 h", "2017-03-23T03:00:00Z", graceFrom(2 * 3600_000), true],
    ["past 2 h", "2017-03-23T03:00:01Z", graceFrom(2 * 3600_000), false],
    ["next day inside 30 h", "2017-03-24T02:00:00Z", graceFrom(30 * 3600_000), true],
  ])("%s", (_label, now, grace, expected) => {
    expect(mustCatchUp(due, at(now), grace, TZ)).toBe(expected);
  });

  test("graceFrom(undefined) is same day", () => {
    expect(graceFrom(undefined)).toEqual(SAME_DAY);
  });
});

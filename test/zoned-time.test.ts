import { afterEach, describe, expect, test, vi } from "vitest";

/**
 * A Node built with small-icu (or a system ICU without the locale) has English data only: asked for
 * any locale's date layout, it answers in en-US (03/31/2017). The date in a zone is read from the
 * formatter's typed parts, so it does not depend on which locales the runtime carries.
 */
class SmallIcuDateTimeFormat extends Intl.DateTimeFormat {
  constructor(_locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
    super("en-US", options);
  }
}

async function withSmallIcu() {
  vi.stubGlobal("Intl", Object.create(Intl, { DateTimeFormat: { value: SmallIcuDateTimeFormat } }));
  // Fresh modules: their formatters are built under the runtime's locale data.
  vi.resetModules();
  return {
    clock: await import("../base/clock.js"),
    zoned: await import("../base/zoned-time.js"),
    evidence: await import("../reports/dossier/photo-evidence.js"),
  };
}

describe("the date in a zone", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  test("today in Shanghai, whatever locale data the runtime was built with", async () => {
    const { clock, evidence } = await withSmallIcu();
    expect(clock.today(clock.fixedClock("2017-03-31T16:30:00.000Z"))).toBe("2017-04-01");
    expect(clock.today(clock.fixedClock("2017-03-31T15:59:59.000Z"))).toBe("2017-03-31");
    expect(evidence.formatTime("2017-03-20T06:05:00Z")).toBe("2017年3月20日 14:05");
  });

  test.each([
    // New York's clocks went forward at 2017-03-12 07:00Z and back at 2017-11-05 06:00Z.
    ["2017-03-12T04:59:59.000Z", "America/New_York", "2017-03-11"],
    ["2017-03-12T05:00:00.000Z", "America/New_York", "2017-03-12"],
    ["2017-11-06T04:59:59.000Z", "America/New_York", "2017-11-05"],
    ["2017-11-06T05:00:00.000Z", "America/New_York", "2017-11-06"],
    ["2017-12-31T16:00:00.000Z", "Asia/Shanghai", "2018-01-01"],
    ["2017-12-31T15:59:59.999Z", "Asia/Shanghai", "2017-12-31"],
  ])("%s in %s is %s", async (instant, zone, date) => {
    const { zoned } = await withSmallIcu();
    expect(zoned.dateInZone(new Date(instant), zone)).toBe(date);
    expect(zoned.dateKey(zoned.zonedParts(new Date(instant), zone))).toBe(date);
  });
});

import { describe, expect, test } from "vitest";
import { DEFAULT_CRONS, scheduleConfigFromEnv } from "../scheduler/schedule-config.js";

describe("SCHEDULE_* configuration", () => {
  test("defaults: the campaign calendar in Asia/Shanghai, grace until the end of the day", () => {
    expect(scheduleConfigFromEnv({})).toEqual({
      enabled: true,
      timezone: "Asia/Shanghai",
      graceMs: undefined,
      crons: DEFAULT_CRONS,
    });
    expect(DEFAULT_CRONS).toMatchObject({ "ledger-reminder": "0 9 23 * *", "weekly-bulletin": "0 9 * * 1" });
  });

  test("every schedule can be changed; empty values mean unset", () => {
    const c = scheduleConfigFromEnv({
      SCHEDULER: "off",
      SCHEDULE_WEEKLY_BULLETIN: "30 8 * * 1",
      SCHEDULE_DEADLINE_WARNINGS: "",
      SCHEDULE_GRACE_MINUTES: "120",
    });
    expect(c.enabled).toBe(false);
    expect(c.graceMs).toBe(7_200_000);
    expect(c.crons["weekly-bulletin"]).toBe("30 8 * * 1");
    expect(c.crons["deadline-warnings"]).toBe("30 8 * * *");
  });

  test("a wrong cron is named with its key", () => {
    expect(() => scheduleConfigFromEnv({ SCHEDULE_LEDGER_REMINDER: "9点" })).toThrow(
      /^SCHEDULE_LEDGER_REMINDER: must be a cron expression/,
    );
    expect(() => scheduleConfigFromEnv({ SCHEDULE_GRACE_MINUTES: "-5" })).toThrow(/^SCHEDULE_GRACE_MINUTES:/);
  });

  test("a zone the runtime does not know is refused with its key, at start", () => {
    expect(() => scheduleConfigFromEnv({ SCHEDULE_TIMEZONE: "Asia/Shang_hai" })).toThrow(
      /^SCHEDULE_TIMEZONE: must be an IANA time zone/,
    );
    expect(scheduleConfigFromEnv({ SCHEDULE_TIMEZONE: "Asia/Urumqi" }).timezone).toBe("Asia/Urumqi");
  });
});

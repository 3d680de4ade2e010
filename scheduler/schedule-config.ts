import { z } from "zod";
import { isSupportedCron } from "./periods.js";

/** The campaign's timed pushes, by job name. */
const CAMPAIGN_JOBS = [
  "ledger-headsup",
  "ledger-reminder",
  "submission-status",
  "weekly-bulletin",
  "monthly-summary",
  "deadline-warnings",
  "supervision-daily",
] as const;
export type CampaignJobName = (typeof CAMPAIGN_JOBS)[number];

/** When each runs, in Asia/Shanghai (node-cron syntax, 5 or 6 fields). */
export const DEFAULT_CRONS: Record<CampaignJobName, string> = {
  "ledger-headsup": "0 9 20 * *",
  "ledger-reminder": "0 9 23 * *",
  "submission-status": "0 18 23 * *",
  "weekly-bulletin": "0 9 * * 1",
  "monthly-summary": "0 9 1 * *",
  "deadline-warnings": "30 8 * * *",
  "supervision-daily": "0 8 * * *",
};

const ENV_KEYS: Record<CampaignJobName, string> = {
  "ledger-headsup": "SCHEDULE_LEDGER_HEADSUP",
  "ledger-reminder": "SCHEDULE_LEDGER_REMINDER",
  "submission-status": "SCHEDULE_SUBMISSION_STATUS",
  "weekly-bulletin": "SCHEDULE_WEEKLY_BULLETIN",
  "monthly-summary": "SCHEDULE_MONTHLY_SUMMARY",
  "deadline-warnings": "SCHEDULE_DEADLINE_WARNINGS",
  "supervision-daily": "SCHEDULE_SUPERVISION_DAILY",
};

/** A zone the runtime knows (a typo such as Asia/Shang_hai would otherwise fail only at the first push). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cron = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine(
      isSupportedCron,
      "must be a cron expression such as '0 9 23 * *' (minute hour day month weekday)",
    );

/**
 * The scheduler's environment keys, checked by app/config.ts with the rest of the configuration.
 * SCHEDULER=off disables the pushes (a second instance that should only answer chat).
 */
const scheduleEnvSchema = z.object({
  SCHEDULER: z.enum(["on", "off"]).default("on"),
  SCHEDULE_TIMEZONE: z
    .string()
    .trim()
    .default("Asia/Shanghai")
    .refine(isTimeZone, "must be an IANA time zone such as 'Asia/Shanghai'"),
  /** Minutes a missed push may still go out after its time; empty = until the end of that day. */
  SCHEDULE_GRACE_MINUTES: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(0).optional(),
  ),
  ...Object.fromEntries(CAMPAIGN_JOBS.map((job) => [ENV_KEYS[job], cron(DEFAULT_CRONS[job])])),
} as Record<string, z.ZodType>);

export interface ScheduleConfig {
  enabled: boolean;
  timezone: string;
  graceMs: number | undefined;
  crons: Record<CampaignJobName, string>;
}

/** Parses the SCHEDULE_* keys; throws with `KEY: message` lines like loadConfig. */
export function scheduleConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ScheduleConfig {
  // As in app/config.ts: an empty value (KEY= in .env) means "not set".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = scheduleEnvSchema.safeParse(given);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  const v = parsed.data as Record<string, unknown>;
  const crons = Object.fromEntries(CAMPAIGN_JOBS.map((job) => [job, String(v[ENV_KEYS[job]])])) as Record<
    CampaignJobName,
    string
  >;
  const grace = v.SCHEDULE_GRACE_MINUTES as number | undefined;
  return {
    enabled: v.SCHEDULER === "on",
    timezone: String(v.SCHEDULE_TIMEZONE),
    graceMs: grace === undefined ? undefined : grace * 60_000,
    crons,
  };
}

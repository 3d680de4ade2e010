import { z } from "zod";
import { boardEnvShape, checkBoardEnv } from "../board/config.js";
import { checkTelegramEnv, telegramEnvShape } from "../bot/platforms/telegram/config.js";
import { checkWechatEnv, wechatEnvShape } from "../bot/platforms/wechat/config.js";
import { refineWecomEnv, wecomEnabled, wecomEnvShape } from "../bot/platforms/wecom/config.js";
import { type ScheduleConfig, scheduleConfigFromEnv } from "../scheduler/schedule-config.js";
import { opsEnvShape } from "./ops-config.js";

/**
 * The one place environment variables are read: parsed once at start, frozen, passed down.
 * Every key is documented in .env.example. Model: Infisical backend/src/lib/config/env.ts.
 */
const coreEnvShape = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  SQLITE_PATH: z.string().default("data/huanbao.sqlite"),
  DATA_DIR: z.string().default("data"),
  CAMPAIGN_YEAR: z.coerce.number().int().min(2000).max(2100).optional(),
  BOT_NAME: z.string().min(1).default("整治助手"),
  /** A photo taken farther than this from the site (both positions known) does not prove completion. */
  PHOTO_MAX_DISTANCE_M: z.coerce.number().int().min(10).max(100_000).default(500),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The log file; empty = beside the database with the console chat, stdout otherwise. */
  LOG_FILE: z.string().optional(),
  /** Which platforms to run, comma-separated; empty = every configured one, console when none is. */
  PLATFORMS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  OUTBOX_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(72),
  OUTBOX_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  INSTANCE_NAME: z.string().max(100).optional(),
  DEMO_DATA: z
    .enum(["auto", "yes", "no"])
    .default("auto")
    .describe("auto: load the demo towns and people when the database has no town"),
};

const envSchema = z
  .object({
    ...coreEnvShape,
    ...opsEnvShape,
    ...wecomEnvShape,
    ...telegramEnvShape,
    ...wechatEnvShape,
    ...boardEnvShape,
  })
  .superRefine((env, ctx) => {
    refineWecomEnv(env, ctx);
    if (env.PLATFORMS.includes("wecom") && !wecomEnabled(env)) {
      ctx.addIssue({
        code: "custom",
        path: ["WECOM_CORP_ID"],
        message: "PLATFORMS 含 wecom 时必须配置企业微信",
      });
    }
    checkTelegramEnv(env, ctx);
    checkWechatEnv(env, ctx);
    checkBoardEnv(env, ctx);
  });

export type Config = Readonly<z.infer<typeof envSchema> & { schedule: ScheduleConfig }>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (KEY= in .env) means "not set", as the .env.example lists every key empty.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(given);
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  let schedule: ScheduleConfig | undefined;
  try {
    schedule = scheduleConfigFromEnv(given);
  } catch (error) {
    lines.push(...(error as Error).message.split("\n"));
  }
  if (!parsed.success || !schedule) throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  return Object.freeze({ ...parsed.data, schedule });
}

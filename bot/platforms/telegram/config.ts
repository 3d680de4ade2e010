import { z } from "zod";
import type { TelegramFormat } from "./outbound-renderer.js";

/**
 * The Telegram keys of the app's env schema. Spread into the core's schema
 * (`z.object({ ...telegramEnvShape, … }).superRefine(checkTelegramEnv)`). Telegram counts as configured
 * when TELEGRAM_BOT_TOKEN is set; PLATFORMS (the core's key) then picks what runs.
 */
export const telegramEnvShape = {
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, "格式应为 123456:ABC-…（向 @BotFather 申请）")
    .optional(),
  /** Bot API server; a local telegram-bot-api or a test fake. A path needs its trailing slash. */
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  TELEGRAM_MODE: z.enum(["polling", "webhook"]).default("polling"),
  TELEGRAM_WEBHOOK_HOST: z.string().default("0.0.0.0"),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8443),
  TELEGRAM_WEBHOOK_PATH: z.string().startsWith("/").default("/telegram/webhook"),
  /** Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token`; 1-256 of A-Z a-z 0-9 _ -. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, "只能包含字母、数字、_ 和 -，长度 1-256")
    .optional(),
  /** Public https URL Telegram posts to; when set, setWebhook is called at start. */
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_FORMAT: z.enum(["html", "plain"]).default("html"),
};

type TelegramEnv = z.infer<z.ZodObject<typeof telegramEnvShape>>;

/** Cross-field rules: Telegram named in PLATFORMS needs its token, and a webhook needs its secret. */
export function checkTelegramEnv(
  env: TelegramEnv & { PLATFORMS?: readonly string[] },
  ctx: z.RefinementCtx,
): void {
  if (env.PLATFORMS?.includes("telegram") && !env.TELEGRAM_BOT_TOKEN) {
    ctx.addIssue({
      code: "custom",
      path: ["TELEGRAM_BOT_TOKEN"],
      message: "PLATFORMS 含 telegram 时必须填写",
    });
  }
  // telegraf resolves `./bot<token>/…` against the root: a path without its trailing slash is dropped.
  const root = new URL(env.TELEGRAM_API_ROOT);
  if (root.pathname !== "/" && !root.pathname.endsWith("/")) {
    ctx.addIssue({
      code: "custom",
      path: ["TELEGRAM_API_ROOT"],
      message: `带路径的地址必须以 / 结尾（如 ${root.origin}${root.pathname}/），否则路径会被丢掉`,
    });
  }
  if (env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_MODE === "webhook" && !env.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "webhook 模式必须设置密钥" });
  }
}

export interface TelegramPlatformConfig {
  token: string;
  apiRoot?: string;
  mode: "polling" | "webhook";
  webhook?: { host: string; port: number; path: string; secretToken: string; publicUrl?: string };
  format?: TelegramFormat;
}

/** The platform's config from the parsed env, or undefined when no token is configured. */
export function telegramConfigFromEnv(env: TelegramEnv): TelegramPlatformConfig | undefined {
  if (!env.TELEGRAM_BOT_TOKEN) return undefined;
  const webhook =
    env.TELEGRAM_MODE === "webhook" && env.TELEGRAM_WEBHOOK_SECRET
      ? {
          host: env.TELEGRAM_WEBHOOK_HOST,
          port: env.TELEGRAM_WEBHOOK_PORT,
          path: env.TELEGRAM_WEBHOOK_PATH,
          secretToken: env.TELEGRAM_WEBHOOK_SECRET,
          ...(env.TELEGRAM_WEBHOOK_URL ? { publicUrl: env.TELEGRAM_WEBHOOK_URL } : {}),
        }
      : undefined;
  return {
    token: env.TELEGRAM_BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT,
    mode: env.TELEGRAM_MODE,
    format: env.TELEGRAM_FORMAT,
    ...(webhook ? { webhook } : {}),
  };
}

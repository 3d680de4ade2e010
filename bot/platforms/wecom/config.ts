import { z } from "zod";
import { DEFAULT_API_BASE } from "./api-client.js";

const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, "must be the 43-character EncodingAESKey");
const path = z.string().regex(/^\/[\w\-/.]*$/, "must be a URL path starting with /");

/**
 * The WeCom env keys, as a zod shape to spread into the app's one env schema:
 *   z.object({ ...coreShape, ...wecomEnvShape }).superRefine(refineWecomEnv)
 * Every key is documented in docs/wecom.md.
 */
export const wecomEnvShape = {
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, "must be 3–32 letters or digits")
    .optional(),
  WECOM_AES_KEY: aesKey.optional(),
  WECOM_API_BASE: z.string().url().default(DEFAULT_API_BASE),
  WECOM_CALLBACK_HOST: z.string().min(1).default("0.0.0.0"),
  WECOM_CALLBACK_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  WECOM_CALLBACK_PATH: path.default("/wecom/callback"),
  WECOM_AIBOT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, "must be 3–32 letters or digits")
    .optional(),
  WECOM_AIBOT_AES_KEY: aesKey.optional(),
  WECOM_AIBOT_PATH: path.default("/wecom/aibot"),
  /** AI bot long-connection mode: BotID and its long-connection Secret. */
  WECOM_AIBOT_BOT_ID: z.string().min(1).optional(),
  WECOM_AIBOT_SECRET: z.string().min(1).optional(),
  WECOM_AIBOT_WS_URL: z
    .string()
    .regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")
    .default("wss://openws.work.weixin.qq.com"),
  /** `chatId=key-or-webhook-url`, separated by commas or newlines. */
  WECOM_ROBOT_WEBHOOKS: z.string().optional(),
};

export const wecomEnvSchema = z.object(wecomEnvShape);
export type WecomEnv = z.infer<typeof wecomEnvSchema>;

export interface WecomConfig {
  apiBase: string;
  host: string;
  port: number;
  app?: { corpId: string; agentId: number; secret: string; token: string; aesKey: string; path: string };
  aibot?: { token: string; aesKey: string; path: string };
  /** AI bot over its WebSocket long connection (no public callback URL needed). */
  aibotWs?: { botId: string; secret: string; url: string };
  /** Chat id → group robot webhook key. */
  robots: Record<string, string>;
}

const APP_KEYS = ["WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET", "WECOM_TOKEN", "WECOM_AES_KEY"] as const;
const AIBOT_KEYS = ["WECOM_AIBOT_TOKEN", "WECOM_AIBOT_AES_KEY"] as const;
const AIBOT_WS_KEYS = ["WECOM_AIBOT_BOT_ID", "WECOM_AIBOT_SECRET"] as const;

/** Cross-field rules: a mode that is half configured names the keys it misses. For `.superRefine`. */
export function refineWecomEnv(env: WecomEnv, ctx: z.RefinementCtx): void {
  for (const group of [APP_KEYS, AIBOT_KEYS, AIBOT_WS_KEYS]) {
    const set = group.filter((k) => env[k] !== undefined);
    if (set.length === 0 || set.length === group.length) continue;
    for (const k of group.filter((key) => env[key] === undefined)) {
      ctx.addIssue({ code: "custom", path: [k], message: `required when ${set.join(", ")} is set` });
    }
  }
  try {
    parseRobotWebhooks(env.WECOM_ROBOT_WEBHOOKS);
  } catch (error) {
    ctx.addIssue({ code: "custom", path: ["WECOM_ROBOT_WEBHOOKS"], message: (error as Error).message });
  }
}

/** Whether any WeCom mode is configured (the app starts the platform only then). */
export function wecomEnabled(env: WecomEnv): boolean {
  return (
    APP_KEYS.some((k) => env[k] !== undefined) ||
    AIBOT_KEYS.some((k) => env[k] !== undefined) ||
    AIBOT_WS_KEYS.some((k) => env[k] !== undefined) ||
    !!env.WECOM_ROBOT_WEBHOOKS
  );
}

export function wecomConfigFromEnv(env: WecomEnv): WecomConfig {
  const config: WecomConfig = {
    apiBase: env.WECOM_API_BASE,
    host: env.WECOM_CALLBACK_HOST,
    port: env.WECOM_CALLBACK_PORT,
    robots: parseRobotWebhooks(env.WECOM_ROBOT_WEBHOOKS),
  };
  if (env.WECOM_CORP_ID && env.WECOM_AGENT_ID && env.WECOM_SECRET && env.WECOM_TOKEN && env.WECOM_AES_KEY) {
    config.app = {
      corpId: env.WECOM_CORP_ID,
      agentId: env.WECOM_AGENT_ID,
      secret: env.WECOM_SECRET,
      token: env.WECOM_TOKEN,
      aesKey: env.WECOM_AES_KEY,
      path: env.WECOM_CALLBACK_PATH,
    };
  }
  if (env.WECOM_AIBOT_TOKEN && env.WECOM_AIBOT_AES_KEY) {
    config.aibot = {
      token: env.WECOM_AIBOT_TOKEN,
      aesKey: env.WECOM_AIBOT_AES_KEY,
      path: env.WECOM_AIBOT_PATH,
    };
  }
  if (env.WECOM_AIBOT_BOT_ID && env.WECOM_AIBOT_SECRET) {
    config.aibotWs = {
      botId: env.WECOM_AIBOT_BOT_ID,
      secret: env.WECOM_AIBOT_SECRET,
      url: env.WECOM_AIBOT_WS_URL,
    };
  }
  return config;
}

/** `aibot:wrX=KEY, robot:古荥镇=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY` → { chatId: key }. */
export function parseRobotWebhooks(value: string | undefined): Record<string, string> {
  const robots: Record<string, string> = {};
  for (const [n, entry] of (value ?? "").split(/[,\n;]/).entries()) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf("=");
    const chatId = eq > 0 ? trimmed.slice(0, eq).trim() : "";
    const raw = trimmed.slice(eq + 1).trim();
    // Never echo the entry: without "=" it is most likely a bare key, and a key is a secret.
    if (eq <= 0 || !raw)
      throw new Error(`entry ${n + 1} must be chatId=webhook key or URL (the key is not shown)`);
    const key = raw.startsWith("http") ? new URL(raw).searchParams.get("key") : raw;
    if (!key) throw new Error(`the webhook URL for "${chatId}" has no key= parameter`);
    robots[chatId] = key;
  }
  return robots;
}

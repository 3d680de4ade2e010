import { z } from "zod";

/**
 * The WeChat keys of the app's env schema. The puppet and its token fall back to wechaty's own
 * variables (WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN), so an existing wechaty setup works as is.
 * WeChat counts as configured when a puppet is named; PLATFORMS (the core's key) then picks what runs.
 */
export const wechatEnvShape = {
  /** e.g. wechaty-puppet-service (with a token), wechaty-puppet-wechat4u, wechaty-puppet-mock. */
  WECHAT_PUPPET: z.string().min(1).optional(),
  WECHAT_PUPPET_TOKEN: z.string().min(1).optional(),
  /** Names wechaty's memory card (`<name>.memory-card.json`), which keeps the login between restarts. */
  WECHAT_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("huanbao-bot"),
  WECHATY_PUPPET: z.string().min(1).optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().min(1).optional(),
};

type WechatEnv = z.infer<z.ZodObject<typeof wechatEnvShape>>;

/** WeChat named in PLATFORMS needs a puppet; the service puppet needs its token. */
export function checkWechatEnv(
  env: WechatEnv & { PLATFORMS?: readonly string[] },
  ctx: z.RefinementCtx,
): void {
  const puppet = env.WECHAT_PUPPET ?? env.WECHATY_PUPPET;
  if (env.PLATFORMS?.includes("wechat") && !puppet) {
    ctx.addIssue({
      code: "custom",
      path: ["WECHAT_PUPPET"],
      message: "PLATFORMS 含 wechat 时必须指定 puppet",
    });
  }
  if (puppet === "wechaty-puppet-service" && !(env.WECHAT_PUPPET_TOKEN ?? env.WECHATY_PUPPET_SERVICE_TOKEN)) {
    ctx.addIssue({
      code: "custom",
      path: ["WECHAT_PUPPET_TOKEN"],
      message: "wechaty-puppet-service 需要 token",
    });
  }
}

export interface WechatPlatformConfig {
  /** A puppet module name, resolved by wechaty at start. */
  puppet?: string;
  puppetToken?: string;
  name?: string;
  /** A ready puppet instance (tests pass a PuppetMock); wins over `puppet`. */
  puppetInstance?: unknown;
}

/** The platform's config from the parsed env, or undefined when no puppet is named. */
export function wechatConfigFromEnv(env: WechatEnv): WechatPlatformConfig | undefined {
  const puppet = env.WECHAT_PUPPET ?? env.WECHATY_PUPPET;
  if (!puppet) return undefined;
  const puppetToken = env.WECHAT_PUPPET_TOKEN ?? env.WECHATY_PUPPET_SERVICE_TOKEN;
  return { name: env.WECHAT_NAME, puppet, ...(puppetToken ? { puppetToken } : {}) };
}

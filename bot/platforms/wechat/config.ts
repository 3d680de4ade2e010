import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * The WeChat keys of the app's env schema. The puppet and its token fall back to wechaty's own
 * variables (WECHATY_PUPPET, WECHATY_PUPPET_SERVICE_TOKEN), so an existing wechaty setup works as is.
 */
export const wechatEnvShape = {
  WECHAT_ENABLED: flag,
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

/** An enabled WeChat needs a puppet; the service puppet needs its token. */
export function checkWechatEnv(env: WechatEnv, ctx: z.RefinementCtx): void {
  if (!env.WECHAT_ENABLED) return;
  const puppet = env.WECHAT_PUPPET ?? env.WECHATY_PUPPET;
  if (!puppet) {
    ctx.addIssue({ code: "custom", path: ["WECHAT_PUPPET"], message: "启用微信时必须指定 puppet" });
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

/** The platform's config from the parsed env, or undefined when WeChat is not enabled. */
export function wechatConfigFromEnv(env: WechatEnv): WechatPlatformConfig | undefined {
  if (!env.WECHAT_ENABLED) return undefined;
  const puppet = env.WECHAT_PUPPET ?? env.WECHATY_PUPPET;
  const puppetToken = env.WECHAT_PUPPET_TOKEN ?? env.WECHATY_PUPPET_SERVICE_TOKEN;
  return { name: env.WECHAT_NAME, ...(puppet ? { puppet } : {}), ...(puppetToken ? { puppetToken } : {}) };
}

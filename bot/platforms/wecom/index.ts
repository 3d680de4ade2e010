import type { Logger } from "pino";
import { refineWecomEnv, wecomConfigFromEnv, wecomEnabled, wecomEnvSchema } from "./config.js";
import { createWecomPlatform, type WecomPlatform } from "./wecom-platform.js";

export type { WecomPlatform } from "./wecom-platform.js";

/**
 * The WeCom platform from process.env, or undefined when no WeCom key is set. Throws an Error whose
 * message lists `KEY: problem` lines when the keys are wrong or half set.
 *
 * @example
 *   const wecom = createWecomFromEnv(process.env, log.child({ platform: "wecom" }));
 *   if (wecom) list.push(wecom);
 */
export function createWecomFromEnv(env: NodeJS.ProcessEnv, logger: Logger): WecomPlatform | undefined {
  const parsed = wecomEnvSchema.superRefine(refineWecomEnv).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid WeCom configuration:\n${lines.join("\n")}`);
  }
  if (!wecomEnabled(parsed.data)) return undefined;
  return createWecomPlatform(wecomConfigFromEnv(parsed.data), { logger });
}

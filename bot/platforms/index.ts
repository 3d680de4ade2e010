import { join } from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Platform } from "../platform.js";
import { createConsolePlatform } from "./console/console-platform.js";
import { telegramConfigFromEnv } from "./telegram/config.js";
import { createTelegramPlatform } from "./telegram/telegram-platform.js";
import { wechatConfigFromEnv } from "./wechat/config.js";
import { createWechatPlatform } from "./wechat/wechat-platform.js";
import { wecomConfigFromEnv, wecomEnabled } from "./wecom/config.js";
import { createWecomPlatform } from "./wecom/wecom-platform.js";

export interface PlatformHooks {
  log: Logger;
  settle: () => Promise<void>;
  onQuit: () => void;
}

/**
 * The platforms this run starts: those named in PLATFORMS, or every configured one; the console
 * chat when none is configured.
 */
export async function createPlatforms(config: Config, hooks: PlatformHooks): Promise<Platform[]> {
  const list: Platform[] = [];
  const wanted = (name: string) => config.PLATFORMS.length === 0 || config.PLATFORMS.includes(name);
  if (wecomEnabled(config) && wanted("wecom")) {
    list.push(
      createWecomPlatform(wecomConfigFromEnv(config), { logger: hooks.log.child({ platform: "wecom" }) }),
    );
  }
  const telegram = telegramConfigFromEnv(config);
  if (telegram && wanted("telegram")) list.push(createTelegramPlatform(telegram, { logger: hooks.log }));
  const wechat = wechatConfigFromEnv(config);
  if (wechat && wanted("wechat")) list.push(createWechatPlatform(wechat, { logger: hooks.log }));
  // The console chat when nothing else is configured, or when asked for by name.
  if ((list.length === 0 && config.PLATFORMS.length === 0) || config.PLATFORMS.includes("console")) {
    list.push(
      createConsolePlatform({
        input: process.stdin,
        output: process.stdout,
        outDir: join(config.DATA_DIR, "console-out"),
        interactive: process.stdin.isTTY === true,
        settle: hooks.settle,
        onQuit: hooks.onQuit,
      }),
    );
  }
  return list;
}

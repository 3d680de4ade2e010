import { join } from "node:path";
import type { Logger } from "pino";
import type { Platform } from "../bot/platform.js";
import { createConsolePlatform } from "../bot/platforms/console/console-platform.js";
import { telegramConfigFromEnv } from "../bot/platforms/telegram/config.js";
import { wechatConfigFromEnv } from "../bot/platforms/wechat/config.js";
import { wecomConfigFromEnv, wecomEnabled } from "../bot/platforms/wecom/config.js";
import type { Config } from "./config.js";

export interface PlatformHooks {
  log: Logger;
  settle: () => Promise<void>;
  onQuit: () => void;
}

/**
 * The platforms this run starts: those named in PLATFORMS, or every configured one; the console
 * chat when none is configured. A platform's module (and its SDK: telegraf, the WeCom AI bot SDK,
 * wechaty) is loaded only when that platform runs — about 0.6 s of CPU a start does not need else.
 */
export async function createPlatforms(config: Config, hooks: PlatformHooks): Promise<Platform[]> {
  const list: Platform[] = [];
  const wanted = (name: string) => config.PLATFORMS.length === 0 || config.PLATFORMS.includes(name);
  if (wecomEnabled(config) && wanted("wecom")) {
    const { createWecomPlatform } = await import("../bot/platforms/wecom/wecom-platform.js");
    list.push(
      createWecomPlatform(wecomConfigFromEnv(config), { logger: hooks.log.child({ platform: "wecom" }) }),
    );
  }
  const telegram = telegramConfigFromEnv(config);
  if (telegram && wanted("telegram")) {
    const { createTelegramPlatform } = await import("../bot/platforms/telegram/telegram-platform.js");
    list.push(createTelegramPlatform(telegram, { logger: hooks.log }));
  }
  const wechat = wechatConfigFromEnv(config);
  if (wechat && wanted("wechat")) {
    const { createWechatPlatform } = await import("../bot/platforms/wechat/wechat-platform.js");
    list.push(createWechatPlatform(wechat, { logger: hooks.log }));
  }
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

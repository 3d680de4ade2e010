import { join } from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Platform } from "../platform.js";
import { createConsolePlatform } from "./console/console-platform.js";

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
  if (list.length === 0 && wanted("console")) {
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

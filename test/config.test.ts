import { readFileSync } from "node:fs";
import { parse } from "dotenv";
import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../app/config.js";

describe("config", () => {
  test(".env.example as it is gives a working console configuration", () => {
    const config = loadConfig(parse(readFileSync(".env.example")));
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SQLITE_PATH).toBe("data/huanbao.sqlite");
    expect(config.BOT_NAME).toBe("整治助手");
    expect(config.PLATFORMS).toEqual([]);
  });

  test("every key the schema reads is documented in .env.example", () => {
    const documented = new Set(Object.keys(parse(readFileSync(".env.example"))));
    const code = [
      "app/config.ts",
      "bot/platforms/wecom/config.ts",
      "bot/platforms/telegram/config.ts",
      "bot/platforms/wechat/config.ts",
      "scheduler/schedule-config.ts",
    ]
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const keys = [
      ...[...code.matchAll(/^\s+([A-Z][A-Z0-9_]+): z/gm)].map((m) => m[1]!),
      ...[...code.matchAll(/"(SCHEDULE_[A-Z_]+)"/g)].map((m) => m[1]!),
    ];
    expect(keys.length).toBeGreaterThan(15);
    for (const key of keys) {
      if (key.startsWith("WECHATY_")) continue; // wechaty's own names, read as fallbacks
      expect(documented, key).toContain(key);
    }
  });

  test("errors name the key, and a platform named in PLATFORMS needs its credentials", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
    expect(() => loadConfig({ CAMPAIGN_YEAR: "17" })).toThrow(ConfigError);
    expect(() => loadConfig({ PLATFORMS: "telegram" })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(loadConfig({ PLATFORMS: "console, telegram", TELEGRAM_BOT_TOKEN: "123:abc" }).PLATFORMS).toEqual([
      "console",
      "telegram",
    ]);
  });
});

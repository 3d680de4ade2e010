import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  checkTelegramEnv,
  telegramConfigFromEnv,
  telegramEnvShape,
} from "../bot/platforms/telegram/config.js";

// PLATFORMS as the core's schema parses it: a comma-separated list.
const platforms = z
  .string()
  .default("")
  .transform((s) => s.split(",").filter(Boolean));
const schema = z.object({ ...telegramEnvShape, PLATFORMS: platforms }).superRefine(checkTelegramEnv);

describe("telegram env", () => {
  test("no token: not configured", () => {
    expect(telegramConfigFromEnv(schema.parse({}))).toBeUndefined();
  });

  test("telegram in PLATFORMS without a token is a config error naming the key", () => {
    const result = schema.safeParse({ PLATFORMS: "console,telegram" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["TELEGRAM_BOT_TOKEN"]);
  });

  test.each([
    ["http://127.0.0.1:8081/tg", false],
    ["http://127.0.0.1:8081/tg/", true],
    ["https://api.telegram.org", true],
  ])("TELEGRAM_API_ROOT %s: a path must end with / (telegraf drops it otherwise)", (root, ok) => {
    const result = schema.safeParse({ TELEGRAM_BOT_TOKEN: "1:abc", TELEGRAM_API_ROOT: root });
    expect(result.success).toBe(ok);
    if (!ok) expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["TELEGRAM_API_ROOT"]);
  });

  test("webhook mode needs a secret", () => {
    const result = schema.safeParse({
      TELEGRAM_BOT_TOKEN: "1:abc",
      TELEGRAM_MODE: "webhook",
    });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["TELEGRAM_WEBHOOK_SECRET"]);
  });

  test("a full webhook config", () => {
    const env = schema.parse({
      TELEGRAM_BOT_TOKEN: "123:AA-bb_cc",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_PORT: "8443",
      TELEGRAM_WEBHOOK_SECRET: "abc_DEF-1",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram/webhook",
    });
    expect(telegramConfigFromEnv(env)).toEqual({
      token: "123:AA-bb_cc",
      apiRoot: "http://127.0.0.1:8081",
      mode: "webhook",
      format: "html",
      webhook: {
        host: "0.0.0.0",
        port: 8443,
        path: "/telegram/webhook",
        secretToken: "abc_DEF-1",
        publicUrl: "https://bot.example.org/telegram/webhook",
      },
    });
  });
});

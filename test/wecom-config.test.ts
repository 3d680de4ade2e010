import { pino } from "pino";
import { describe, expect, test } from "vitest";
import { parseRobotWebhooks } from "../bot/platforms/wecom/config.js";
import { createWecomFromEnv } from "../bot/platforms/wecom/index.js";

const log = pino({ level: "silent" });
const APP_ENV = {
  WECOM_CORP_ID: "ww1436e0e65a779aee",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "secret",
  WECOM_TOKEN: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  WECOM_AES_KEY: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};

describe("WeCom config from env", () => {
  test("no WeCom key → no platform", () => {
    expect(createWecomFromEnv({ PATH: "/bin" }, log)).toBeUndefined();
  });

  test("a complete app → a platform named wecom", () => {
    expect(createWecomFromEnv(APP_ENV, log)?.name).toBe("wecom");
  });

  test("a half-configured app names the missing keys", () => {
    expect(() => createWecomFromEnv({ WECOM_CORP_ID: "ww1", WECOM_SECRET: "s" }, log)).toThrow(
      /WECOM_AGENT_ID: required[\s\S]*WECOM_TOKEN: required[\s\S]*WECOM_AES_KEY: required/,
    );
  });

  test("a wrong AES key length and port are reported as KEY: message", () => {
    expect(() =>
      createWecomFromEnv({ ...APP_ENV, WECOM_AES_KEY: "short", WECOM_CALLBACK_PORT: "99999" }, log),
    ).toThrow(/WECOM_AES_KEY: must be the 43-character EncodingAESKey[\s\S]*WECOM_CALLBACK_PORT/);
  });

  test("AI bot long connection: BotID and Secret go together", () => {
    expect(createWecomFromEnv({ WECOM_AIBOT_BOT_ID: "aib1", WECOM_AIBOT_SECRET: "s" }, log)?.name).toBe(
      "wecom",
    );
    expect(() => createWecomFromEnv({ WECOM_AIBOT_BOT_ID: "aib1" }, log)).toThrow(
      /WECOM_AIBOT_SECRET: required/,
    );
  });

  test("robot webhooks: keys or full URLs, by chat id", () => {
    expect(
      parseRobotWebhooks(
        "aibot:wrGroup1=abc-123, robot:古荥镇=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=def-456\nappchat:x=k",
      ),
    ).toEqual({ "aibot:wrGroup1": "abc-123", "robot:古荥镇": "def-456", "appchat:x": "k" });
    expect(() => createWecomFromEnv({ WECOM_ROBOT_WEBHOOKS: "nokey" }, log)).toThrow(/WECOM_ROBOT_WEBHOOKS/);
  });

  test("a bare robot key (no chat id) is refused without printing any of it", () => {
    const key = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";
    const error = (() => {
      try {
        createWecomFromEnv({ WECOM_ROBOT_WEBHOOKS: `aibot:wrGroup1=abc-123, ${key}` }, log);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/WECOM_ROBOT_WEBHOOKS: entry 2/);
    expect(error?.message).not.toContain(key.slice(0, 8));
  });
});

import { PassThrough } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, test } from "vitest";
import type { Platform } from "../bot/platform.js";
import { createConsolePlatform } from "../bot/platforms/console/console-platform.js";
import { createTelegramPlatform } from "../bot/platforms/telegram/telegram-platform.js";
import { createWecomPlatform } from "../bot/platforms/wecom/wecom-platform.js";
import { startFakeTelegram } from "./fakes/fake-telegram.js";
import { groupText } from "./fakes/fake-telegram-updates.js";
import { startFakeWecom } from "./fakes/fake-wecom.js";
import { startFakeAibotWs } from "./fakes/fake-wecom-ws.js";

// Each platform says whether it can reach its chat service and since when: /healthz, /metrics and
// the operator's alerts read it. These drive the real platforms against the fake servers.

const silent = pino({ level: "silent" });
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function until(check: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}
const connected = (p: Platform) => p.status().connected;

describe("platform status", () => {
  test("console: down before start, up while reading, down once stopped", async () => {
    const input = new PassThrough();
    const p = createConsolePlatform({ input, output: new PassThrough(), outDir: "/tmp" });
    expect(p.status()).toMatchObject({ connected: false, reason: "未启动" });
    await p.start(async () => undefined);
    expect(connected(p)).toBe(true);
    await p.stop();
    expect(p.status()).toMatchObject({ connected: false });
  });

  test("WeCom long connection: down when the socket drops (since the drop), up again once resubscribed", async () => {
    const bot = { botId: "aibBOT01", secret: "s3cret" };
    const ws = await startFakeAibotWs(bot);
    const api = await startFakeWecom({ corpId: "ww1", secret: "s", agentId: 1 });
    cleanup.push(
      () => api.close(),
      () => ws.close(),
    );
    const p = createWecomPlatform(
      { apiBase: api.baseUrl, host: "127.0.0.1", port: 0, robots: {}, aibotWs: { ...bot, url: ws.url } },
      { logger: silent, wsReconnectMs: 200 },
    );
    expect(connected(p)).toBe(false);
    await p.start(async () => undefined);
    cleanup.push(() => p.stop());
    expect(connected(p)).toBe(true);
    const before = Date.now();
    ws.drop();
    await until(() => !connected(p));
    expect(p.status().reason).toContain("长连接已断开");
    expect(p.status().since.getTime()).toBeGreaterThanOrEqual(before - 5);
    await until(() => connected(p));
    await p.stop();
    expect(p.status()).toMatchObject({ connected: false, reason: "已停止" });
  });

  test("Telegram polling: a failing getUpdates marks it down with the reason, the next answer up", async () => {
    const fake = await startFakeTelegram();
    cleanup.push(() => fake.close());
    const p = createTelegramPlatform(
      { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
      { logger: silent },
    );
    await p.start(async () => undefined);
    cleanup.push(() => p.stop());
    await until(() => connected(p));
    // The next long poll fails (Telegram answers 502); telegraf tries again after retry_after.
    fake.failNext("getUpdates", {
      error_code: 502,
      description: "Bad Gateway",
      parameters: { retry_after: 1 },
    });
    fake.pushUpdate(groupText("进度"));
    await until(() => !connected(p));
    expect(p.status().reason).toContain("HTTP 502");
    expect(p.status().reason).not.toContain(fake.token.split(":")[1]);
    await until(() => connected(p));
  });
});

/**
 * A separate process running the bot's real inbound servers — the WeCom callback server (app and AI
 * bot paths), the Telegram webhook and, when HUANBAO_TEST_AIBOT_WS names a fake's URL, the AI bot long
 * connection — for tests that must show a request cannot end the process. It prints one line
 * `READY {"wecom":port,"telegram":port}`, then one line `STORED <messageId>` per stored message.
 * Run by test/helpers/child-servers.ts.
 */
import { pino } from "pino";
import { createTelegramPlatform } from "../../bot/platforms/telegram/telegram-platform.js";
import { createWecomPlatform } from "../../bot/platforms/wecom/wecom-platform.js";
import { startFakeTelegram } from "../fakes/fake-telegram.js";
import { TEST_AIBOT, TEST_APP } from "../fakes/wecom-test-apps.js";
import { TELEGRAM_SECRET } from "./child-servers.js";

async function main() {
  // Logs go to stderr, so stdout carries only the lines the parent reads.
  const logger = pino({ level: "info" }, pino.destination(2));
  const stored = async (m: { platform: string; messageId: string }) => {
    process.stdout.write(`STORED ${m.platform}:${m.messageId}\n`);
  };
  const aibotWs = process.env.HUANBAO_TEST_AIBOT_WS;
  const wecom = createWecomPlatform(
    {
      apiBase: "http://127.0.0.1:9",
      host: "127.0.0.1",
      port: 0,
      app: TEST_APP,
      aibot: TEST_AIBOT,
      robots: {},
      ...(aibotWs ? { aibotWs: { botId: "aibCHILD", secret: "child-ws-secret", url: aibotWs } } : {}),
    },
    { logger, wsReconnectMs: 50 },
  );
  await wecom.start(stored);
  const fakeTelegram = await startFakeTelegram();
  const telegram = createTelegramPlatform(
    {
      token: fakeTelegram.token,
      apiRoot: fakeTelegram.apiRoot,
      mode: "webhook",
      webhook: { host: "127.0.0.1", port: 0, path: "/telegram/webhook", secretToken: TELEGRAM_SECRET },
    },
    { logger },
  );
  await telegram.start(stored);
  process.stdout.write(
    `READY ${JSON.stringify({ wecom: wecom.address()?.port, telegram: telegram.webhookPort() })}\n`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

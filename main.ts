import "dotenv/config";
import { join } from "node:path";
import pino from "pino";
import { ConfigError, loadConfig } from "./app/config.js";
import { createPlatforms } from "./app/create-platforms.js";
import { createLogDestination, logTarget } from "./app/log-destination.js";
import { startOps } from "./app/start-ops.js";
import { systemClock } from "./base/clock.js";
import type { BoardServer } from "./board/board-server.js";
import { boardConfig } from "./board/config.js";
import { createBot } from "./bot/create-bot.js";
import { wecomEnabled } from "./bot/platforms/wecom/config.js";
import { createBotSettings } from "./commands/context.js";
import { startCampaignScheduler } from "./scheduler/start-campaign-scheduler.js";
import { openDb } from "./storage/db.js";
import { loadDemoData } from "./storage/demo-data.js";

async function main() {
  const config = loadConfig();
  const platformsConfigured = Boolean(
    wecomEnabled(config) || config.TELEGRAM_BOT_TOKEN || config.WECHAT_PUPPET || config.WECHATY_PUPPET,
  );
  const tryOut = config.PLATFORMS.length === 0 && !platformsConfigured;
  const consoleRuns = config.PLATFORMS.includes("console") || tryOut;
  // The web board: on in the try-out, off in a deployment unless BOARD=on.
  const board = boardConfig(config, tryOut);
  // Logging never takes the bot down (a full disk drops lines, never throws or blocks).
  const log = pino({ level: config.LOG_LEVEL }, createLogDestination(logTarget(config, consoleRuns)));
  const db = await openDb({
    databaseUrl: config.DATABASE_URL,
    sqlitePath: config.SQLITE_PATH,
    filesDir: join(config.DATA_DIR, "outbox"),
  });
  if (config.DEMO_DATA === "yes" || (config.DEMO_DATA === "auto" && !config.DATABASE_URL)) {
    // The demo's console groups only where the console runs: elsewhere pushes to them would fail.
    if (await loadDemoData(db, new Date(), { console: consoleRuns })) {
      log.info({ consoleGroups: consoleRuns }, "loaded the demo towns and people");
    }
  }
  // Where 看板 links point is known once the board listens (below), before any message is handled.
  const boardLinks = board && { publicUrl: "", secret: board.secret, linkTtlMs: board.linkTtlMs };
  const settings = createBotSettings(
    {
      campaignYear: config.CAMPAIGN_YEAR,
      botName: config.BOT_NAME,
      proof: { maxDistanceMeters: config.PHOTO_MAX_DISTANCE_M },
      board: boardLinks,
      // The one schedule configuration: the scheduler below runs on it, 立即推送 and 推送预览 read it.
      schedule: config.schedule,
    },
    systemClock,
  );
  const bot = createBot({
    db,
    dataDir: config.DATA_DIR,
    clock: systemClock,
    log,
    settings,
    outbox: {
      retry: { maxAgeMs: config.OUTBOX_MAX_AGE_HOURS * 3600_000 },
      retentionMs: config.OUTBOX_RETENTION_DAYS * 24 * 3600_000,
      ...(config.INSTANCE_NAME ? { owner: config.INSTANCE_NAME } : {}),
    },
  });
  const platforms = await createPlatforms(config, {
    log,
    settle: () => bot.settle(),
    onQuit: () => void shutdown(),
  });
  let stopping = false;
  let scheduler: Awaited<ReturnType<typeof startCampaignScheduler>>;
  let ops: Awaited<ReturnType<typeof startOps>> | undefined;
  let boardServer: BoardServer | undefined;
  async function shutdown() {
    if (stopping) return;
    stopping = true;
    await ops?.stop();
    await scheduler?.stop();
    await boardServer?.stop();
    await bot.stop();
    await db.destroy();
    await new Promise<void>((resolve) => log.flush(() => resolve()));
    process.exit(0);
  }
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  // The endpoint first: /healthz answers 503 while the platforms connect.
  ops = await startOps(config, { bot, platforms, clock: systemClock, log });
  if (board && boardLinks) {
    const deps = {
      db,
      photos: bot.photos,
      clock: systemClock,
      log,
      campaignYear: () => settings.campaignYear,
      proof: settings.proof,
    };
    // Loaded only when the board runs: its web framework (hono, node:http2, fetch's undici) costs a start
    // that has no board (a deployment's default) about a fifth of its CPU.
    const { startBoard } = await import("./app/start-board.js");
    boardServer = await startBoard(deps, board, boardLinks, tryOut);
  }
  await bot.start(platforms);
  scheduler = await startCampaignScheduler({
    db,
    clock: systemClock,
    log,
    campaignYear: () => settings.campaignYear,
    schedule: config.schedule,
    onQueued: () => bot.outbox.kick(),
    alerts: bot.alerts,
    ...(config.BACKUP_CRON
      ? {
          backup: {
            cron: config.BACKUP_CRON,
            sqlitePath: config.DATABASE_URL ? undefined : config.SQLITE_PATH,
            dataDir: config.DATA_DIR,
            outDir: config.BACKUP_DIR,
            keep: config.BACKUP_KEEP,
          },
        }
      : {}),
  });
  log.info({ platforms: platforms.map((p) => p.name) }, "bot started");
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});

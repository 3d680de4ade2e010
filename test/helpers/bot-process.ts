/**
 * A whole bot in its own Node process, for tests where a process ends (is killed) or where two
 * processes share one database: assembled as main.ts assembles it, with the console chat on stdin
 * and stdout (one message per line, replies printed as `🤖 → <chat>` blocks), logs on stderr.
 * Environment: SQLITE_PATH, or DATABASE_URL with HUANBAO_TEST_SCHEMA; DATA_DIR; DEMO_DATA=yes to
 * load the demo district; HUANBAO_TEST_CRASH=yes adds a command 崩溃 that ends the process on the
 * spot, as the kernel's out-of-memory killer ends a bot; HUANBAO_TEST_LEASE_MS shortens the inbound
 * messages' lease. Run by test/helpers/child-bot.ts.
 */
import { join } from "node:path";
import { pino } from "pino";
import { systemClock } from "../../base/clock.js";
import { createBot } from "../../bot/create-bot.js";
import { createConsolePlatform } from "../../bot/platforms/console/console-platform.js";
import { ALL_ROLES, type Command } from "../../commands/command.js";
import { COMMANDS } from "../../commands/index.js";
import { openDb } from "../../storage/db.js";
import { loadDemoData } from "../../storage/demo-data.js";

const crash: Command = {
  name: "崩溃",
  roles: ALL_ROLES,
  summary: "test: ends the process",
  usage: "崩溃",
  async run() {
    process.kill(process.pid, "SIGKILL");
    await new Promise(() => undefined);
  },
};

async function main() {
  const env = process.env;
  const dataDir = env.DATA_DIR ?? "data";
  const db = await openDb({
    databaseUrl: env.DATABASE_URL,
    schema: env.HUANBAO_TEST_SCHEMA,
    sqlitePath: env.SQLITE_PATH,
  });
  if (env.DEMO_DATA === "yes") await loadDemoData(db, new Date(), { console: true });
  const bot = createBot({
    db,
    dataDir,
    clock: systemClock,
    log: pino({ level: env.LOG_LEVEL ?? "warn" }, pino.destination(2)),
    settings: { campaignYear: 2026, botName: "整治助手" },
    commands: env.HUANBAO_TEST_CRASH === "yes" ? [...COMMANDS, crash] : COMMANDS,
    outboxPollMs: 200,
    inboundLeaseMs: env.HUANBAO_TEST_LEASE_MS ? Number(env.HUANBAO_TEST_LEASE_MS) : undefined,
  });
  const console = createConsolePlatform({
    input: process.stdin,
    output: process.stdout,
    outDir: join(dataDir, "console-out"),
    interactive: false,
  });
  await bot.start([console]);
  process.stderr.write("READY\n");
}

main().catch((error) => {
  process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});

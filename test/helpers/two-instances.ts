import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../../base/clock.js";
import { createBot } from "../../bot/create-bot.js";
import { type Db, openDb } from "../../storage/db.js";
import { createRepos } from "../../storage/repos.js";
import { createMemoryChat } from "../fakes/memory-chat.js";
import { seedDistrict, silentLog } from "./test-bot.js";

/** One group per town, each bound to its town, named after it (古荥镇群 …). */
async function bindTownGroups(db: Db): Promise<string[]> {
  const r = createRepos(db);
  const groups: string[] = [];
  for (const town of await r.towns.list()) {
    const chat = await r.chats.ensure("memchat", `${town.name}群`, "group", `${town.name}群`);
    await r.chats.bind(chat.id, "town", town.id);
    groups.push(`${town.name}群`);
  }
  return groups;
}

/**
 * A PostgreSQL schema with the test district, and a way to start instances of the bot on it: each
 * its own connection pool (as two processes would have), its own memory chat and clock.
 */
export async function sharedPostgres() {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const databaseUrl = process.env.TEST_DATABASE_URL!;
  const pools: Db[] = [];
  const open = async () => {
    const db = await openDb({ databaseUrl, schema });
    pools.push(db);
    return db;
  };
  const setupDb = await open();
  await seedDistrict(setupDb);
  const groups = await bindTownGroups(setupDb);
  const bots: ReturnType<typeof createBot>[] = [];

  return {
    db: setupDb,
    groups,
    open,
    async startInstance(options: { start?: string } = {}) {
      const db = await open();
      const clock = fixedClock(options.start ?? "2017-03-01T02:00:00.000Z");
      const chat = createMemoryChat();
      chat.useClock(() => clock.now());
      const bot = createBot({
        db,
        dataDir: mkdtempSync(join(tmpdir(), "huanbao-instance-")),
        clock,
        log: silentLog,
        settings: { campaignYear: 2017, botName: "整治助手" },
        outboxPollMs: 60_000,
      });
      await bot.start([chat.platform]);
      bots.push(bot);
      return { bot, chat, clock, db };
    },
    async close() {
      for (const bot of bots) await bot.stop();
      for (const db of pools) await db.destroy();
    },
  };
}

/** A valid 上报 for a district supervisor posting in a town's group: the group names the town. */
export const reportIn = (name: string) =>
  [
    "上报",
    `企业名称：${name}`,
    "所在村组：某村三组",
    "企业类型：小散乱污",
    "企业规模：12人",
    "原辅材料：废旧塑料",
    "涉水涉气：涉气",
    "有无手续：无",
    "整治要求：限期拆除",
    "整治期限：2017-03-31",
    "分包责任人：张三",
  ].join("\n");

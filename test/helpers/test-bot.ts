import pino from "pino";
import { type Clock, fixedClock } from "../../base/clock.js";
import { createBot } from "../../bot/create-bot.js";
import type { Platform } from "../../bot/platform.js";
import type { Command } from "../../commands/command.js";
import type { BoardLinkSettings, BotSettings } from "../../commands/context.js";
import type { Db } from "../../storage/db.js";
import { DEMO_TOWNS } from "../../storage/demo-data.js";
import { createRepos } from "../../storage/repos.js";
import { createMemoryChat } from "../fakes/memory-chat.js";

export const silentLog = pino({ level: "silent" });

/** People of the test district, with their memchat accounts (the name). */
const PEOPLE = [
  { name: "张三", role: "inspector", town: "古荥镇" },
  { name: "李四", role: "town_admin", town: "古荥镇" },
  { name: "钱七", role: "inspector", town: "花园口镇" },
  { name: "王五", role: "district_supervisor" },
  { name: "赵六", role: "director" },
  { name: "周管理", role: "admin" },
] as const;

export const GY_GROUP = "古荥镇工作群";

/**
 * Towns and people as an admin would have registered them, and the 古荥镇 group bound. A person's
 * account on the platform is their name unless `accounts` gives the platform's id for it; the group
 * is GY_GROUP unless `group` names another (or null: a platform without groups).
 */
export async function seedDistrict(
  db: Db,
  platform = "memchat",
  options: { accounts?: Partial<Record<string, string>>; group?: { id: string; title: string } | null } = {},
): Promise<void> {
  const r = createRepos(db);
  const towns = new Map<string, number>();
  for (const [name, code] of DEMO_TOWNS) towns.set(name, (await r.towns.add(name, code)).id);
  for (const p of PEOPLE) {
    const person = await r.persons.add({
      name: p.name,
      role: p.role,
      townId: "town" in p ? towns.get(p.town)! : null,
      now: "2017-02-01T00:00:00.000Z",
    });
    await r.persons.linkIdentity(person.id, platform, options.accounts?.[p.name] ?? p.name);
  }
  const group = options.group === undefined ? { id: GY_GROUP, title: GY_GROUP } : options.group;
  if (!group) return;
  const chat = await r.chats.ensure(platform, group.id, "group", group.title);
  await r.chats.bind(chat.id, "town", towns.get("古荥镇")!);
}

/** A bot on the given database with a memory chat attached and a clock the test moves. */
export async function startTestBot(
  db: Db,
  dataDir: string,
  options: {
    commands?: Command[];
    start?: string;
    /** The settings a running bot reads (default: campaign year 2017); given the test's clock. */
    settings?: (clock: Clock) => BotSettings;
    /** More platforms beside the memory chat (one that fails to start, say). */
    extraPlatforms?: Platform[];
    board?: BoardLinkSettings;
    clock?: ReturnType<typeof fixedClock>;
  } = {},
) {
  const clock = options.clock ?? fixedClock(options.start ?? "2017-03-01T02:00:00.000Z");
  const chat = createMemoryChat();
  chat.useClock(() => clock.now());
  const bot = createBot({
    db,
    dataDir,
    clock,
    log: silentLog,
    settings: options.settings?.(clock) ?? { campaignYear: 2017, botName: "整治助手", board: options.board },
    commands: options.commands,
    outboxPollMs: 60_000,
  });
  await bot.start([chat.platform, ...(options.extraPlatforms ?? [])]);
  /** Post and wait until the bot has answered. */
  const say = async (from: string, where: string, content: Parameters<typeof chat.post>[2], id?: string) => {
    await chat.post(from, where, content, id);
    await bot.settle();
    return chat.lastIn(where);
  };
  return { bot, chat, clock, say };
}

export const REPORT = [
  "上报",
  "企业名称：黄河塑料加工厂",
  "所在村组：古荥镇黄河村三组",
  "企业类型：小散乱污",
  "企业规模：12人",
  "原辅材料：废旧塑料",
  "涉水涉气：涉气",
  "有无手续：无",
  "整治要求：限期拆除",
  "整治期限：2017-03-31",
  "分包责任人：张三",
  "备注：夜间生产",
].join("\n");

/**
 * Two cases in 古荥镇 as 张三 reports them, the clock then on 2017-03-10: 黄河塑料加工厂 (期限 3月31日) and
 * 顺发铸造厂 (期限 3月5日), which is now overdue. The picture the board, 挂图 and phone-layout tests look at.
 */
export async function reportTwoCasesOneOverdue(
  t: Pick<Awaited<ReturnType<typeof startTestBot>>, "say" | "clock">,
) {
  await t.say("张三", GY_GROUP, REPORT);
  await t.say(
    "张三",
    GY_GROUP,
    REPORT.replace("黄河塑料加工厂", "顺发铸造厂").replace("2017-03-31", "2017-03-05"),
  );
  t.clock.set("2017-03-10T02:00:00.000Z");
}

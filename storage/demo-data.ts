import type { Role } from "../domain/enums.js";
import type { Db } from "./db.js";
import { createRepos } from "./repos.js";

/**
 * DEMO DATA — the towns of 惠济区 with made-up codes, and made-up people (张三, 李四 …) with console
 * accounts, so that a fresh clone is a working bot. Real people are registered with 登记.
 */
export const DEMO_TOWNS: [string, string][] = [
  ["古荥镇", "GY"],
  ["花园口镇", "HYK"],
  ["长兴路街道", "CXL"],
  ["新城街道", "XC"],
  ["刘寨街道", "LZ"],
  ["老鸦陈街道", "LYC"],
  ["大河路街道", "DHL"],
  ["迎宾路街道", "YBL"],
];

export const DEMO_PEOPLE: { name: string; role: Role; town?: string }[] = [
  { name: "张三", role: "inspector", town: "古荥镇" },
  { name: "李四", role: "town_admin", town: "古荥镇" },
  { name: "钱七", role: "inspector", town: "花园口镇" },
  { name: "孙八", role: "town_admin", town: "花园口镇" },
  { name: "王五", role: "district_supervisor" },
  { name: "赵六", role: "director" },
  { name: "周管理", role: "admin" },
];

/** Console group chats, bound as the demo expects. */
const DEMO_CHATS: { title: string; purpose: "town" | "district" | "leadership"; town?: string }[] = [
  { title: "古荥镇工作群", purpose: "town", town: "古荥镇" },
  { title: "花园口镇工作群", purpose: "town", town: "花园口镇" },
  { title: "区级工作群", purpose: "district" },
  { title: "领导小组群", purpose: "leadership" },
];

/**
 * Loads the demo data once: only into a database with no town yet. Returns whether it did. The
 * console accounts and the console groups (bound to their towns) come only where the console chat
 * runs (`console: true`): on a WeCom-only bot they would be groups nobody reads, and every push to
 * them would fail.
 */
export async function loadDemoData(db: Db, now: Date, options: { console: boolean }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const r = createRepos(trx);
    if ((await r.towns.list()).length > 0) return false;
    const towns = new Map<string, number>();
    for (const [name, code] of DEMO_TOWNS) towns.set(name, (await r.towns.add(name, code)).id);
    for (const p of DEMO_PEOPLE) {
      const person = await r.persons.add({
        name: p.name,
        role: p.role,
        townId: p.town === undefined ? null : (towns.get(p.town) ?? null),
        now: now.toISOString(),
      });
      if (options.console) await r.persons.linkIdentity(person.id, "console", p.name);
    }
    if (!options.console) return true;
    for (const c of DEMO_CHATS) {
      const chat = await r.chats.ensure("console", c.title, "group", c.title);
      await r.chats.bind(chat.id, c.purpose, c.town === undefined ? null : (towns.get(c.town) ?? null));
    }
    return true;
  });
}

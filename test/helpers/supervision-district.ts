import sharp from "sharp";
import type { Db } from "../../storage/db.js";
import { createRepos } from "../../storage/repos.js";
import type { createMemoryChat } from "../fakes/memory-chat.js";

export const DISTRICT_GROUP = "区级工作群";
export const HYK_GROUP = "花园口镇工作群";

/**
 * Adds to the test district what supervision needs: a second district supervisor (孙督查), 花园口镇's
 * admin (孙八), the
 * district group (where reports to 区大气办 go), the 花园口镇 group, and `perTown` enterprises on
 * file (written straight to storage: reporting is tested elsewhere).
 */
export async function seedSupervision(
  db: Db,
  perTown: Record<string, number>,
  platform = "memchat",
): Promise<void> {
  const r = createRepos(db);
  const hykAdmin = await r.persons.add({
    name: "孙八",
    role: "town_admin",
    townId: (await r.towns.byName("花园口镇"))!.id,
    now: "2017-02-01T00:00:00.000Z",
  });
  await r.persons.linkIdentity(hykAdmin.id, platform, "孙八");
  const sup = await r.persons.add({
    name: "孙督查",
    role: "district_supervisor",
    townId: null,
    now: "2017-02-01T00:00:00.000Z",
  });
  await r.persons.linkIdentity(sup.id, platform, "孙督查");
  const district = await r.chats.ensure(platform, DISTRICT_GROUP, "group", DISTRICT_GROUP);
  await r.chats.bind(district.id, "district", null);
  const hyk = await r.towns.byName("花园口镇");
  const group = await r.chats.ensure(platform, HYK_GROUP, "group", HYK_GROUP);
  await r.chats.bind(group.id, "town", hyk!.id);
  for (const [townName, n] of Object.entries(perTown)) {
    const town = (await r.towns.byName(townName))!;
    for (let i = 0; i < n; i++) {
      const seq = await r.towns.nextCaseSeq(town.id);
      await r.enterprises.insert(
        {
          caseNo: `${town.code}-${String(seq).padStart(4, "0")}`,
          townId: town.id,
          name: `${townName}第${i + 1}厂`,
          nameKey: `${townName}第${i + 1}`,
          village: `${townName}${i + 1}村`,
          type: "小散乱污",
          scale: "5人",
          materials: "废塑料",
          waterAir: "涉气",
          permits: "无",
          requirement: i % 2 ? "整改完善" : "限期拆除",
          deadline: "2017-03-31",
          responsible: "张三",
          remarks: null,
          state: "待整治",
          siteLat: null,
          siteLng: null,
          reportedAt: "2017-02-20T02:00:00.000Z",
          reportedOn: "2017-02-20",
          reportedBy: null,
        },
        townName,
      );
    }
  }
}

/** What the bot pushed to a person privately (target.userId), oldest first. */
export function privateTexts(chat: ReturnType<typeof createMemoryChat>, userId: string): string[] {
  return chat.sent
    .filter((s) => s.target.userId === userId && s.message.kind === "text")
    .map((s) => (s.message as { text: string }).text);
}

export const photo = (r: number) =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();

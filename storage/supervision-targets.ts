import type { OutboundTarget } from "../base/message.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

const identityRow = rowSchema("identities", {
  person_id: col.int,
  platform: col.text,
  external_id: col.text,
});
const personRow = rowSchema("persons", { id: col.int, name: col.text });
const personIdRow = rowSchema("persons", { id: col.int });
const chatRow = rowSchema("chats", { id: col.int, platform: col.text, external_id: col.text });

/** Where supervision messages go: people privately, a town's group, the district's groups. */
export function createSupervisionTargets(db: Db) {
  async function privateTargets(personIds: readonly number[]): Promise<Map<number, OutboundTarget[]>> {
    const rows = personIds.length
      ? identityRow.all(
          await db("identities")
            .select("person_id", "platform", "external_id")
            .whereIn("person_id", personIds),
        )
      : [];
    const map = new Map<number, OutboundTarget[]>(personIds.map((id) => [id, []]));
    for (const r of rows) map.get(r.person_id)?.push({ platform: r.platform, userId: r.external_id });
    return map;
  }
  return {
    privateTargets,
    /** Active district supervisors, in the order they were registered. */
    async supervisors(): Promise<{ id: number; name: string }[]> {
      return personRow.all(
        await db("persons")
          .select("id", "name")
          .where({ role: "district_supervisor", active: true })
          .orderBy("id"),
      );
    },
    /**
     * A town's group chats (bound with 绑定 镇名); when the town has none, its 镇(办)管理员 privately,
     * so a notice is never lost for want of a group.
     */
    async townTargets(townId: number): Promise<OutboundTarget[]> {
      const chats = chatRow.all(await db("chats").where({ purpose: "town", town_id: townId }).orderBy("id"));
      if (chats.length) return chats.map((c) => ({ platform: c.platform, chatId: c.external_id }));
      const admins = personIdRow.all(
        await db("persons").select("id").where({ role: "town_admin", town_id: townId, active: true }),
      );
      return [...(await privateTargets(admins.map((a) => a.id))).values()].flat();
    },
    /**
     * Who decides on a proposed summons: the active district supervisors privately; when none can be
     * reached so, the district group (区级工作群) — never the leadership group, which hears only what
     * a supervisor confirmed.
     */
    async supervisorTargets(): Promise<OutboundTarget[]> {
      const sups = await db("persons").select("id").where({ role: "district_supervisor", active: true });
      const direct = [...(await privateTargets(sups.map((s) => s.id))).values()].flat();
      if (direct.length) return direct;
      const chats = await db("chats").where({ purpose: "district" }).orderBy("id");
      return chats.map((c) => ({ platform: c.platform, chatId: c.external_id }));
    },
    /**
     * Where a report to 区大气办 goes: the district group (区级工作群) and the leadership group; when
     * neither is bound, the district supervisors privately.
     */
    async airOfficeTargets(): Promise<OutboundTarget[]> {
      const chats = chatRow.all(
        await db("chats").whereIn("purpose", ["district", "leadership"]).orderBy("id"),
      );
      if (chats.length) return chats.map((c) => ({ platform: c.platform, chatId: c.external_id }));
      const sups = personIdRow.all(
        await db("persons").select("id").where({ role: "district_supervisor", active: true }),
      );
      return [...(await privateTargets(sups.map((s) => s.id))).values()].flat();
    },
  };
}

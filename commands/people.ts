import { ROLE_LABELS } from "../domain/enums.js";
import type { Command } from "./command.js";

export const peopleCommand: Command = {
  name: "人员",
  roles: ["admin", "director", "district_supervisor"],
  summary: "已登记人员名单",
  usage: "人员",
  async run(ctx) {
    const towns = new Map((await ctx.repos.towns.list()).map((t) => [t.id, t.name]));
    const people = await ctx.repos.persons.list();
    const lines = people.map(
      (p) =>
        `${p.name} · ${ROLE_LABELS[p.role]}${p.townId ? ` · ${towns.get(p.townId)}` : ""}${p.identities.length ? ` · ${p.identities.join(" ")}` : ""}`,
    );
    ctx.reply(`已登记 ${people.length} 人：\n${lines.join("\n")}`);
  },
};

import { InputError } from "../base/errors.js";
import { auditBase } from "./audit-base.js";
import type { Command } from "./command.js";

/** 绑定: an admin binds this group to a town (town group), or to the district / leadership. */
export const bindCommand: Command = {
  name: "绑定",
  roles: ["admin"],
  summary: "把本群绑定为镇（办）工作群、区级群或领导群",
  usage: "绑定 古荥镇\n绑定 区级\n绑定 领导",
  async run(ctx, args) {
    const word = args.trim();
    if (ctx.chat.kind !== "group") throw new InputError("请在要绑定的群里发送「绑定 镇名」。");
    if (!word) throw new InputError("请写明绑定对象，例如：绑定 古荥镇（或 绑定 区级、绑定 领导）");
    const now = ctx.clock.now().toISOString();
    const before = { purpose: ctx.chat.purpose, townId: ctx.chat.townId };
    let after: { purpose: "town" | "district" | "leadership"; townId: number | null };
    let label: string;
    if (word === "区级" || word === "区级群") {
      after = { purpose: "district", townId: null };
      label = "区级工作群";
    } else if (word === "领导" || word === "领导群" || word === "领导小组") {
      after = { purpose: "leadership", townId: null };
      label = "领导小组群";
    } else {
      const town = await ctx.repos.towns.byName(word);
      if (!town) {
        const towns = await ctx.repos.towns.list();
        throw new InputError(`没有“${word}”，可绑定：${towns.map((t) => t.name).join("、")}、区级、领导`);
      }
      after = { purpose: "town", townId: town.id };
      label = `${town.name}工作群`;
    }
    await ctx.repos.chats.bind(ctx.chat.id, after.purpose, after.townId);
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: "bind",
      entityType: "chat",
      entityId: ctx.chat.id,
      before,
      after,
    });
    ctx.reply(`✅ 本群已绑定为${label}。`);
  },
};

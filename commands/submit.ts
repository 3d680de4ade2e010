import { CAMPAIGN_TZ } from "../base/clock.js";
import { InputError } from "../base/errors.js";
import { dateInZone } from "../domain/dates.js";
import { createSubmissionsRepo } from "../storage/submissions-repo.js";
import { auditBase } from "./audit-base.js";
import type { Command } from "./command.js";

/** 报送: a town confirms it sent this month's 工作台账 (电子版 + 盖章件 + 工作总结). */
export const submitCommand: Command = {
  name: "报送",
  roles: ["town_admin", "inspector", "admin"],
  summary: "确认本镇（办）本月工作台账已报送（电子版、盖章件、工作总结）",
  usage: "报送",
  async run(ctx) {
    const townId = ctx.chatTown?.id ?? ctx.person.townId;
    const town = ctx.chatTown ?? (townId ? await ctx.repos.towns.byId(townId) : undefined);
    if (!town) throw new InputError("请在本镇（办）工作群里发送「报送」。");
    if (ctx.person.townId && ctx.person.townId !== town.id && ctx.person.role !== "admin") {
      throw new InputError(`您不属于${town.name}，不能替其报送。`);
    }
    const now = ctx.clock.now();
    const today = dateInZone(now, CAMPAIGN_TZ);
    const month = today.slice(0, 7);
    const { first, record } = await createSubmissionsRepo(ctx.repos.db).record({
      townId: town.id,
      month,
      submittedAt: now.toISOString(),
      submittedOn: today,
      personId: ctx.person.id,
      chatId: ctx.chat.id,
      inboundId: ctx.message.id,
    });
    const [, m, d] = record.submittedOn.split("-").map(Number);
    if (!first) {
      ctx.reply(`${town.name}${Number(month.slice(5))}月工作台账已于${m}月${d}日确认报送，无需重复。`);
      return;
    }
    await ctx.repos.audit.record({
      ...auditBase(ctx, now.toISOString()),
      action: "submit_ledger",
      entityType: "town",
      entityId: town.id,
      before: null,
      after: { month },
    });
    ctx.reply(`✅ 已记录：${town.name}${m}月工作台账已报送（${m}月${d}日，${ctx.person.name}）。`);
  },
};

import { ConflictError, InputError } from "../base/errors.js";
import { STATE_PATHS } from "../domain/transitions.js";
import { auditBase } from "./audit-base.js";
import { assertMayChange, caseFromArgs } from "./case-access.js";
import type { Command } from "./command.js";

/** 反弹: a closed case comes back (一次整治、永不反弹 was broken); it is open again and counted. */
export const reopenCommand: Command = {
  name: "反弹",
  roles: ["district_supervisor", "town_admin"],
  summary: "已销号企业出现反弹，重新立案整治",
  usage: "反弹 GY-0007 夜间恢复生产",
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertMayChange(ctx, enterprise);
    if (!enterprise.closedAt)
      throw new ConflictError(`【${enterprise.caseNo}】尚未销号，无需反弹，请直接报送进展。`);
    if (!rest) throw new InputError(`请说明反弹情况，例如：反弹 ${enterprise.caseNo} 夜间恢复生产`);
    const now = ctx.clock.now().toISOString();
    const working = STATE_PATHS[enterprise.requirement].working;
    const updated = await ctx.repos.enterprises.update(enterprise.id, {
      closed_at: null,
      closed_by: null,
      state: working,
      finished_on: null,
      reopen_count: enterprise.reopenCount + 1,
      updated_at: now,
    });
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: "reopen",
      entityType: "enterprise",
      entityId: enterprise.id,
      before: { state: enterprise.state, finishedOn: enterprise.finishedOn, closedAt: enterprise.closedAt },
      after: { state: working, finishedOn: null, closedAt: null },
      note: rest,
    });
    ctx.reply(
      `⚠️【${updated.caseNo}】${updated.name} 反弹，已重新立案（第${updated.reopenCount}次）\n完成情况：${working}`,
    );
  },
};

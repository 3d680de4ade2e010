import { ConflictError } from "../base/errors.js";
import { stateLabel } from "../domain/card.js";
import { isFinished, statesFor } from "../domain/transitions.js";
import { auditBase } from "./audit-base.js";
import { assertMayChange, caseFromArgs } from "./case-access.js";
import type { Command } from "./command.js";

/** 销号: only after a finished state, by a district supervisor or the town's admin. */
export const closeCommand: Command = {
  name: "销号",
  roles: ["district_supervisor", "town_admin"],
  summary: "整治到位的案件销号（到位一家、销号一家）",
  usage: "销号 GY-0007",
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertMayChange(ctx, enterprise);
    if (enterprise.closedAt)
      throw new ConflictError(`【${enterprise.caseNo}】已于 ${enterprise.closedAt.slice(0, 10)} 销号。`);
    if (!isFinished(enterprise.requirement, enterprise.state)) {
      const finished = statesFor(enterprise.requirement)[1];
      throw new ConflictError(
        `【${enterprise.caseNo}】完成情况为“${enterprise.state}”，需先报送“${finished}”（附照片和完成日期）才能销号。`,
      );
    }
    const now = ctx.clock.now().toISOString();
    const updated = await ctx.repos.enterprises.update(enterprise.id, {
      closed_at: now,
      closed_by: ctx.person.id,
      updated_at: now,
    });
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: "close",
      entityType: "enterprise",
      entityId: enterprise.id,
      before: { closedAt: null },
      after: { closedAt: now },
      note: rest || undefined,
    });
    ctx.reply(`✅【${updated.caseNo}】${updated.name} 已销号\n完成情况：${stateLabel(updated)}`);
  },
};

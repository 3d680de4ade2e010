import { ConflictError, InputError } from "../base/errors.js";
import { stateLabel } from "../domain/card.js";
import { findProgressState } from "../domain/progress-words.js";
import { TEXT_LIMITS, tooLong } from "../domain/text-limits.js";
import { statesFor } from "../domain/transitions.js";
import { auditBase } from "./audit-base.js";
import { assertMayChange, caseFromArgs } from "./case-access.js";
import { moveCase } from "./case-moves.js";
import { type Command, REPORTERS } from "./command.js";

export const progressCommand: Command = {
  name: "进展",
  roles: REPORTERS,
  summary: "报送整治进展；完成的注明完成日期",
  usage: "进展 GY-0007 正在拆除\n进展 GY-0007 拆除到位 3月20日",
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertMayChange(ctx, enterprise);
    if (enterprise.closedAt) {
      throw new ConflictError(
        `【${enterprise.caseNo}】已销号。如企业反弹，请发送「反弹 ${enterprise.caseNo} 情况说明」。`,
      );
    }
    const found = findProgressState(rest);
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);

    if (!found) {
      // No state named: a progress note (counts as this month's update), no state change.
      if (!rest) {
        throw new InputError(
          `请写明完成情况，【${enterprise.caseNo}】（${enterprise.requirement}）可填：${statesFor(enterprise.requirement).join("、")}`,
        );
      }
      const long = tooLong("进展说明", rest, TEXT_LIMITS.progressNote);
      if (long) throw new InputError(long);
      const audit = auditBase(ctx);
      await ctx.repos.audit.record({
        ...audit,
        action: "note",
        entityType: "enterprise",
        entityId: enterprise.id,
        note: rest,
      });
      await ctx.repos.enterprises.update(enterprise.id, { updated_at: audit.at });
      ctx.reply(
        `已记录【${enterprise.caseNo}】${enterprise.name}的进展：${rest}\n完成情况仍为：${stateLabel(enterprise)}`,
      );
      return;
    }

    const { updated, finished } = await moveCase(ctx, enterprise, found.state, found.rest);
    const next = finished ? `\n可由区督查或镇（办）管理员发送「销号 ${enterprise.caseNo}」销号。` : "";
    ctx.reply(
      `✅【${updated.caseNo}】${updated.name}\n完成情况：${enterprise.state} → ${stateLabel(updated)}${next}`,
    );
  },
};

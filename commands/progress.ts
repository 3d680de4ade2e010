import { today } from "../base/clock.js";
import { ConflictError, InputError } from "../base/errors.js";
import { stateLabel } from "../domain/card.js";
import { findDate, unreadableDate } from "../domain/find-date.js";
import { findProgressState } from "../domain/progress-words.js";
import { canMove, isFinished, statesFor } from "../domain/transitions.js";
import { auditBase } from "./audit-base.js";
import { assertMayChange, caseFromArgs } from "./case-access.js";
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
    const now = ctx.clock.now().toISOString();
    const found = findProgressState(rest);
    const audit = auditBase(ctx, now);
    await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);

    if (!found) {
      // No state named: a progress note (counts as this month's update), no state change.
      if (!rest) {
        throw new InputError(
          `请写明完成情况，【${enterprise.caseNo}】（${enterprise.requirement}）可填：${statesFor(enterprise.requirement).join("、")}`,
        );
      }
      await ctx.repos.audit.record({
        ...audit,
        action: "note",
        entityType: "enterprise",
        entityId: enterprise.id,
        note: rest,
      });
      await ctx.repos.enterprises.update(enterprise.id, { updated_at: now });
      ctx.reply(
        `已记录【${enterprise.caseNo}】${enterprise.name}的进展：${rest}\n完成情况仍为：${stateLabel(enterprise)}`,
      );
      return;
    }

    const { state } = found;
    if (!canMove(enterprise.requirement, enterprise.state, state)) {
      const allowed = statesFor(enterprise.requirement);
      const why =
        enterprise.state === state
          ? `完成情况已是“${state}”`
          : allowed.includes(state)
            ? `当前为“${enterprise.state}”，不能改为“${state}”`
            : `整治要求为“${enterprise.requirement}”，完成情况只能是：${allowed.join("、")}`;
      throw new ConflictError(`【${enterprise.caseNo}】${why}。`);
    }

    const { date, invalid, vague, rest: note } = findDate(found.rest, ctx.settings.campaignYear);
    if (invalid) throw new InputError(`日期“${invalid}”无法识别，请写作 3月20日 或 2017-03-20。`);
    const finished = isFinished(enterprise.requirement, state);
    // A completion date that cannot be read is refused, never replaced by today.
    if (finished && vague) throw new InputError(unreadableDate(vague));
    const finishedOn = finished ? (date ?? today(ctx.clock)) : null;
    if (finishedOn) {
      if (finishedOn > today(ctx.clock)) throw new InputError(`完成日期 ${finishedOn} 晚于今天，请核对。`);
      if (finishedOn < enterprise.reportedOn) {
        throw new InputError(`完成日期 ${finishedOn} 早于上报时间 ${enterprise.reportedOn}，请核对。`);
      }
      const proofs = await ctx.repos.photos.proofCount(enterprise.id, enterprise.reportedAt);
      if (proofs === 0) {
        throw new ConflictError(
          `【${enterprise.caseNo}】标记“${state}”前，请先发送上报后拍摄的现场照片（发照片前可发送「查询 ${enterprise.caseNo}」指定企业）。`,
        );
      }
    }

    const updated = await ctx.repos.enterprises.update(enterprise.id, {
      state,
      finished_on: finishedOn,
      updated_at: now,
    });
    await ctx.repos.audit.record({
      ...audit,
      action: "progress",
      entityType: "enterprise",
      entityId: enterprise.id,
      before: { state: enterprise.state, finishedOn: enterprise.finishedOn },
      after: { state, finishedOn },
      note: note || undefined,
    });
    const next = finished ? `\n可由区督查或镇（办）管理员发送「销号 ${enterprise.caseNo}」销号。` : "";
    ctx.reply(
      `✅【${updated.caseNo}】${updated.name}\n完成情况：${enterprise.state} → ${stateLabel(updated)}${next}`,
    );
  },
};

import { today } from "../../base/clock.js";
import { ConflictError, InputError } from "../../base/errors.js";
import { findDate, unreadableDate } from "../../domain/find-date.js";
import { findProgressState } from "../../domain/progress-words.js";
import { canMove, isFinished, statesFor } from "../../domain/transitions.js";
import { auditBase } from "../audit-base.js";
import { type Command, REPORTERS } from "../command.js";
import { sendText, supervision } from "./supervision-shared.js";
import { transferFromArgs } from "./transfer-access.js";
import { otherTransferFeedback } from "./transfer-other.js";

/**
 * 反馈 YJ-0001 <完成情况> [完成日期]: the town reports on a transfer (ledger 2's 完成情况). Without a
 * state it is a progress note. A finished transfer waits for the supervisor's 移交销号.
 */
export const transferFeedbackCommand: Command = {
  name: "反馈",
  aliases: ["移交进展"],
  roles: REPORTERS,
  summary: "报送移交问题的整改情况",
  usage: "反馈 YJ-0001 正在整治\n反馈 YJ-0001 整改到位 4月20日",
  async run(ctx, args) {
    const { transfer, rest } = await transferFromArgs(ctx, args, this.usage.split("\n")[0]!);
    if (transfer.closedAt) throw new ConflictError(`${transfer.transferNo} 已销号。`);
    if (transfer.kind !== "town") return otherTransferFeedback(ctx, transfer, rest);
    const base = auditBase(ctx);
    const day = today(ctx.clock);
    const repos = supervision(ctx);
    await ctx.repos.persons.setFocus(ctx.person.id, transfer.enterpriseId);
    const found = findProgressState(rest);
    const head = `${transfer.transferNo}【${transfer.caseNo}】${transfer.enterpriseName}`;
    if (!found) {
      if (!rest)
        throw new InputError(
          `请写明整改情况，${transfer.transferNo}（${transfer.requirement}）可填：${statesFor(transfer.requirement).join("、")}`,
        );
      await ctx.repos.audit.record({
        ...base,
        action: "transfer_note",
        entityType: "enterprise",
        entityId: transfer.enterpriseId,
        note: `${transfer.transferNo} ${rest}`,
      });
      ctx.reply(`已记录 ${head} 的整改进展：${rest}\n完成情况仍为：${transfer.state}`);
      return;
    }
    const { state } = found;
    if (!canMove(transfer.requirement, transfer.state, state)) {
      throw new ConflictError(
        transfer.state === state
          ? `${transfer.transferNo} 完成情况已是“${state}”。`
          : `${transfer.transferNo}（${transfer.requirement}）当前为“${transfer.state}”，可填：${statesFor(transfer.requirement).join("、")}`,
      );
    }
    const finished = isFinished(transfer.requirement, state);
    let finishedOn: string | null = null;
    if (finished) {
      const { date, invalid, vague } = findDate(found.rest, ctx.settings.campaignYear);
      if (invalid) throw new InputError(`完成日期“${invalid}”无法识别，例如：4月20日`);
      if (vague) throw new InputError(unreadableDate(vague));
      finishedOn = date ?? day;
      if (finishedOn > day) throw new InputError(`完成日期 ${finishedOn} 晚于今天，请核对。`);
    }
    await repos.transfers.update(transfer.id, { state, finishedOn, at: base.at });
    await ctx.repos.audit.record({
      ...base,
      action: "transfer_progress",
      entityType: "enterprise",
      entityId: transfer.enterpriseId,
      before: { transferNo: transfer.transferNo, state: transfer.state },
      after: { transferNo: transfer.transferNo, state, finishedOn },
      note: `${transfer.transferNo} ${transfer.state}→${state}${finishedOn ? `（${finishedOn}）` : ""}`,
    });
    if (finished && transfer.transferredBy) {
      const targets =
        (await repos.targets.privateTargets([transfer.transferredBy])).get(transfer.transferredBy) ?? [];
      sendText(
        ctx,
        targets,
        `🔔 ${head}（${transfer.townName}）已报${state}（${finishedOn}），请复核后发送「移交销号 ${transfer.transferNo}」。`,
      );
    }
    ctx.reply(
      `✅ ${head}\n完成情况：${transfer.state} → ${state}${finishedOn ? `（${finishedOn}）` : ""}${finished ? "\n请发送整改后照片；区督查复核后销号。" : ""}`,
    );
  },
};

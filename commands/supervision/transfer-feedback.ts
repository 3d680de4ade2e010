import { ConflictError, InputError, NotFoundError } from "../../base/errors.js";
import { stateLabel } from "../../domain/card.js";
import { findProgressState } from "../../domain/progress-words.js";
import { statesFor } from "../../domain/transitions.js";
import { auditBase } from "../audit-base.js";
import { moveCase } from "../case-moves.js";
import { type Command, REPORTERS } from "../command.js";
import { sendText, supervision } from "./supervision-shared.js";
import { transferFromArgs } from "./transfer-access.js";
import { otherTransferFeedback } from "./transfer-other.js";

/**
 * 反馈 YJ-0001 <完成情况> [完成日期]: the town reports on a transfer. The transfer is its enterprise's
 * case, so this is 进展 on that case — the same transitions, photo proof and audit. Without a state it
 * is a progress note. A finished transfer waits for the supervisor's 移交销号.
 */
export const transferFeedbackCommand: Command = {
  name: "反馈",
  aliases: ["移交进展"],
  roles: REPORTERS,
  summary: "报送移交问题的整改情况",
  usage: "反馈 YJ-0001 正在整治\n反馈 YJ-0001 整改到位 4月20日",
  async run(ctx, args) {
    const { transfer, rest } = await transferFromArgs(ctx, args, this.usage.split("\n")[0] ?? this.usage);
    if (transfer.closedAt) throw new ConflictError(`${transfer.transferNo} 已销号。`);
    if (transfer.kind !== "town") return otherTransferFeedback(ctx, transfer, rest);
    const enterprise = await ctx.repos.enterprises.byId(transfer.enterpriseId);
    if (!enterprise) throw new NotFoundError(`${transfer.transferNo} 的企业不在册。`);
    const repos = supervision(ctx);
    await ctx.repos.persons.setFocus(ctx.person.id, transfer.enterpriseId);
    const found = findProgressState(rest);
    const head = `${transfer.transferNo}【${transfer.caseNo}】${transfer.enterpriseName}`;
    if (!found) {
      if (!rest)
        throw new InputError(
          `请写明整改情况，${transfer.transferNo}（${enterprise.requirement}）可填：${statesFor(enterprise.requirement).join("、")}`,
        );
      const base = auditBase(ctx);
      await ctx.repos.audit.record({
        ...base,
        action: "transfer_note",
        entityType: "enterprise",
        entityId: transfer.enterpriseId,
        note: `${transfer.transferNo} ${rest}`,
      });
      await ctx.repos.enterprises.update(enterprise.id, { updated_at: base.at });
      ctx.reply(`已记录 ${head} 的整改进展：${rest}\n完成情况仍为：${stateLabel(enterprise)}`);
      return;
    }
    const { updated, finished } = await moveCase(ctx, enterprise, found.state, found.rest, {
      transferNo: transfer.transferNo,
    });
    if (finished && transfer.transferredBy) {
      const targets =
        (await repos.targets.privateTargets([transfer.transferredBy])).get(transfer.transferredBy) ?? [];
      sendText(
        ctx,
        targets,
        `🔔 ${head}（${transfer.townName}）已报${stateLabel(updated)}，请复核后发送「移交销号 ${transfer.transferNo}」。`,
      );
    }
    ctx.reply(
      `✅ ${head}\n完成情况：${enterprise.state} → ${stateLabel(updated)}${finished ? "\n区督查复核后销号。" : ""}`,
    );
  },
};

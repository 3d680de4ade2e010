import { ConflictError } from "../../base/errors.js";
import { finishedStateOf, isFinished } from "../../domain/transitions.js";
import { auditBase } from "../audit-base.js";
import type { Command } from "../command.js";
import { sendText, supervision } from "./supervision-shared.js";
import { transferFromArgs } from "./transfer-access.js";
import { otherTransferClose } from "./transfer-other.js";

/** 移交销号 YJ-0001: the supervisor closes a transfer the town has finished (到位一家、销号一家). */
export const transferCloseCommand: Command = {
  name: "移交销号",
  roles: ["district_supervisor"],
  summary: "整改到位的移交问题复核销号",
  usage: "移交销号 YJ-0001",
  async run(ctx, args) {
    const { transfer, rest } = await transferFromArgs(ctx, args, this.usage);
    if (transfer.kind !== "town") return otherTransferClose(ctx, transfer, rest);
    if (transfer.closedAt)
      throw new ConflictError(`${transfer.transferNo} 已于 ${transfer.closedAt.slice(0, 10)} 销号。`);
    if (!isFinished(transfer.requirement, transfer.state)) {
      throw new ConflictError(
        `${transfer.transferNo} 完成情况为“${transfer.state}”，需镇（办）先反馈“${finishedStateOf(transfer.requirement)}”才能销号。`,
      );
    }
    const base = auditBase(ctx);
    const repos = supervision(ctx);
    await repos.transfers.update(transfer.id, { closedAt: base.at, closedBy: ctx.person.id, at: base.at });
    await ctx.repos.audit.record({
      ...base,
      action: "transfer_close",
      entityType: "enterprise",
      entityId: transfer.enterpriseId,
      before: { transferNo: transfer.transferNo, closedAt: null },
      after: { transferNo: transfer.transferNo, closedAt: base.at },
      note: rest ? `${transfer.transferNo} ${rest}` : transfer.transferNo,
    });
    const text = `✅ 移交问题 ${transfer.transferNo}【${transfer.caseNo}】${transfer.enterpriseName} 已销号（${transfer.state} ${transfer.finishedOn ?? ""}）`;
    sendText(ctx, await repos.targets.townTargets(transfer.townId), text);
    ctx.reply(text);
  },
};

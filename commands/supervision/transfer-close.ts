import { ConflictError, NotFoundError } from "../../base/errors.js";
import { stateLabel } from "../../domain/card.js";
import { closeCase } from "../case-moves.js";
import type { Command } from "../command.js";
import { sendText, supervision } from "./supervision-shared.js";
import { transferFromArgs } from "./transfer-access.js";
import { otherTransferClose } from "./transfer-other.js";

/**
 * 移交销号 YJ-0001: the supervisor closes a transfer the town has finished (到位一家、销号一家). It is
 * 销号 of the enterprise's case — the same rules (finished, proven by a photo) and audit.
 */
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
    const enterprise = await ctx.repos.enterprises.byId(transfer.enterpriseId);
    if (!enterprise) throw new NotFoundError(`${transfer.transferNo} 的企业不在册。`);
    const { updated } = await closeCase(ctx, enterprise, rest, { transferNo: transfer.transferNo });
    const text = `✅ 移交问题 ${transfer.transferNo}【${transfer.caseNo}】${transfer.enterpriseName} 已销号\n完成情况：${stateLabel(updated)}`;
    sendText(ctx, await supervision(ctx).targets.townTargets(transfer.townId), text);
    ctx.reply(text);
  },
};

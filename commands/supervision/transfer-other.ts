import { today } from "../../base/clock.js";
import { ConflictError, InputError } from "../../base/errors.js";
import { TRANSFER_KINDS, type TransferKind } from "../../domain/supervision-transfer.js";
import type { Transfer } from "../../storage/supervision-transfers-repo.js";
import { auditBase } from "../audit-base.js";
import { assertOnFile, caseFromArgs } from "../case-access.js";
import type { Command } from "../command.js";
import type { KnownContext } from "../context.js";
import { sendText, supervision } from "./supervision-shared.js";

const WHY: Record<Exclude<TransferKind, "town">, { summary: string; example: string; action: string }> = {
  police: {
    summary: "涉及行政拘留、犯罪的环境违法行为，调查取证后移交公安",
    example: "移交公安 GY-0007 夜间偷排废液，已取证",
    action: "transfer_police",
  },
  government: {
    summary: "未整治到位、违法问题未处理到位的，移交区政府",
    example: "移交区政府 GY-0007 两次限期仍未拆除，镇政府未处理到位",
    action: "transfer_government",
  },
};

/** How a 公安 or 区政府 transfer reads in lists and replies. */
export const otherTransferHead = (t: Transfer) =>
  `${TRANSFER_KINDS[t.kind].command} ${t.transferNo}【${t.caseNo}】${t.enterpriseName}（${t.townName}）`;

/**
 * 移交公安 / 移交区政府 <编号> <情况>: the seed's other transfers, by a district supervisor. Numbered
 * like 移交 (YJ-0001) and listed with them, followed up with 反馈 and closed with 移交销号 and its result;
 * they do not move the case (the town still answers for its rectification) and are not in 附件2.
 * The district and leadership groups and the town are told.
 */
export function createOtherTransferCommand(kind: Exclude<TransferKind, "town">): Command {
  const why = WHY[kind];
  const { command, receiver } = TRANSFER_KINDS[kind];
  return {
    name: command,
    roles: ["district_supervisor"],
    summary: why.summary,
    usage: why.example,
    async run(ctx, args) {
      const { enterprise, rest } = await caseFromArgs(ctx, args);
      assertOnFile(enterprise);
      const problem = rest.trim();
      if (!problem) throw new InputError(`请写明移交的情况，例如：${why.example}`);
      if (problem.length > 300) throw new InputError("情况说明请不超过300字。");
      const sv = supervision(ctx);
      const base = auditBase(ctx);
      const transfer = await sv.transfers.add({
        kind,
        enterpriseId: enterprise.id,
        townId: enterprise.townId,
        taskId: null,
        problem,
        requirement: enterprise.requirement,
        deadline: enterprise.deadline,
        responsible: enterprise.responsible,
        transferredOn: today(ctx.clock),
        at: base.at,
        by: ctx.person.id,
      });
      await ctx.repos.audit.record({
        ...base,
        action: why.action,
        entityType: "enterprise",
        entityId: enterprise.id,
        after: { transferNo: transfer.transferNo, kind },
        note: `${transfer.transferNo} ${problem}`,
      });
      await ctx.repos.persons.setFocus(ctx.person.id, enterprise.id);
      const text = [
        `📌 ${command} ${transfer.transferNo}（${enterprise.townName}）`,
        `【${enterprise.caseNo}】${enterprise.name} · ${enterprise.village}`,
        `情况：${problem}`,
        `移交${receiver}，办理情况请回复：反馈 ${transfer.transferNo} 情况；办结后区督查发送：移交销号 ${transfer.transferNo} 结果`,
      ].join("\n");
      sendText(
        ctx,
        [...(await sv.targets.airOfficeTargets()), ...(await sv.targets.townTargets(enterprise.townId))],
        text,
      );
      ctx.reply(
        `✅ 已${command} ${transfer.transferNo}：【${enterprise.caseNo}】${enterprise.name}\n情况：${problem}\n已通知区级群、领导群和${enterprise.townName}。`,
      );
    },
  };
}

/** 反馈 on a 公安 or 区政府 transfer: how its handling goes, recorded as a note (no 完成情况 of its own). */
export async function otherTransferFeedback(ctx: KnownContext, t: Transfer, rest: string): Promise<void> {
  if (!rest) throw new InputError(`请写明办理情况，例如：反馈 ${t.transferNo} 已立案`);
  if (rest.length > 300) throw new InputError("办理情况请不超过300字。");
  await ctx.repos.audit.record({
    ...auditBase(ctx),
    action: "transfer_note",
    entityType: "enterprise",
    entityId: t.enterpriseId,
    note: `${t.transferNo} ${rest}`,
  });
  ctx.reply(`已记录 ${otherTransferHead(t)} 的办理情况：${rest}`);
}

/** 移交销号 of a 公安 or 区政府 transfer: closed with its result, which the audit keeps. */
export async function otherTransferClose(ctx: KnownContext, t: Transfer, rest: string): Promise<void> {
  if (!rest) throw new InputError(`请写明办理结果，例如：移交销号 ${t.transferNo} 已行政拘留2人`);
  if (rest.length > 300) throw new InputError("办理结果请不超过300字。");
  if (t.closedAt) throw new ConflictError(`${t.transferNo} 已于 ${t.closedAt.slice(0, 10)} 销号。`);
  const base = auditBase(ctx);
  const sv = supervision(ctx);
  await sv.transfers.update(t.id, { closedAt: base.at, closedBy: ctx.person.id, at: base.at });
  await ctx.repos.audit.record({
    ...base,
    action: "transfer_close",
    entityType: "enterprise",
    entityId: t.enterpriseId,
    before: { transferNo: t.transferNo, closedAt: null },
    after: { transferNo: t.transferNo, closedAt: base.at },
    note: `${t.transferNo} ${rest}`,
  });
  const text = `✅ ${otherTransferHead(t)} 已办结销号：${rest}`;
  sendText(ctx, await sv.targets.airOfficeTargets(), text);
  ctx.reply(text);
}

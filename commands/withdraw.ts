import { CAMPAIGN_TZ } from "../base/clock.js";
import { ConflictError, InputError } from "../base/errors.js";
import { dateInZone } from "../base/zoned-time.js";
import { chineseDate } from "../domain/dates.js";
import { createSupervisionRepos } from "../storage/supervision-repos.js";
import { auditBase } from "./audit-base.js";
import { assertMayCorrect } from "./case-access.js";
import { type Command, REPORTERS } from "./command.js";
import { namedCase } from "./correct.js";

const USAGE = "撤回 GY-0007 重复上报";

/**
 * 撤回 <编号> <原因>: a report made by mistake (a duplicate, the wrong town, no such enterprise) is
 * withdrawn, never deleted — it stays in 查询 with who withdrew it, when and why, and is left out of
 * counts, 进度, ledgers, bulletins, warnings and the escalation ladder.
 */
export const withdrawCommand: Command = {
  name: "撤回",
  roles: REPORTERS,
  summary: "撤回误报的案件（保留记录，不计入进度、台账和通报）",
  usage: USAGE,
  async run(ctx, args) {
    const { enterprise: e, rest } = await namedCase(ctx, args, USAGE);
    if (e.withdrawnAt)
      throw new ConflictError(
        `【${e.caseNo}】已于 ${chineseDate(dateInZone(new Date(e.withdrawnAt), CAMPAIGN_TZ))} 撤回。`,
      );
    assertMayCorrect(ctx, e, "撤回");
    const reason = rest.replace(/^(原因|理由)[\s:：]*/, "").trim();
    if (!reason) throw new InputError(`请写明撤回原因，例如：撤回 ${e.caseNo} 重复上报`);
    if (reason.length > 200) throw new InputError("撤回原因请不超过200字。");
    if (e.closedAt) throw new ConflictError(`【${e.caseNo}】已销号，不能撤回。`);
    const sv = createSupervisionRepos(ctx.repos.db);
    const transfers = await sv.transfers.forEnterprise(e.id);
    if (transfers.length) {
      throw new ConflictError(
        `【${e.caseNo}】已有督查移交（${transfers.map((t) => t.transferNo).join("、")}），不能撤回。`,
      );
    }
    const audit = auditBase(ctx);
    const updated = await ctx.repos.enterprises.update(e.id, {
      withdrawn_at: audit.at,
      withdrawn_by: ctx.person.id,
      withdraw_reason: reason,
      updated_at: audit.at,
    });
    const open = await sv.tasks.openTasks({ enterpriseId: e.id });
    await sv.tasks.cancel(
      open.map((t) => t.id),
      "案件已撤回",
    );
    await ctx.repos.audit.record({
      ...audit,
      action: "withdraw",
      entityType: "enterprise",
      entityId: e.id,
      before: { withdrawnAt: null, state: e.state },
      after: { withdrawnAt: audit.at },
      note: reason,
    });
    ctx.reply(
      [
        `↩️ 已撤回【${updated.caseNo}】${updated.name}（原因：${reason}）`,
        `记录保留，可「查询 ${updated.caseNo}」；不再计入进度、台账和通报。`,
      ].join("\n"),
    );
  },
};

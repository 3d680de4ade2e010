import { today } from "../base/clock.js";
import { ConflictError, InputError } from "../base/errors.js";
import { addDays, chineseDate, parseDate } from "../domain/dates.js";
import { splitKeywords } from "../domain/supervision-args.js";
import { DEFAULT_SUPERVISION_POLICY } from "../domain/supervision-policy.js";
import { quoteValue } from "../domain/text-limits.js";
import { STATE_PATHS } from "../domain/transitions.js";
import { auditBase } from "./audit-base.js";
import { assertMayChange, caseFromArgs } from "./case-access.js";
import type { Command } from "./command.js";

/** Days a reopened case gets when no new 整治期限 is written: the same as a 限期整治 notice. */
const REOPEN_DAYS = DEFAULT_SUPERVISION_POLICY.noticeDays;

/**
 * 反弹: a closed case comes back (一次整治、永不反弹 was broken); it is open again and counted, with a new
 * 整治期限 — the one written (期限 5月31日), or 15 days from today by the rule the reply states — so
 * it is not overdue the day after it reopens under its old deadline.
 */
export const reopenCommand: Command = {
  name: "反弹",
  roles: ["district_supervisor", "town_admin"],
  summary: "已销号企业出现反弹，重新立案整治（写明新的整治期限）",
  usage: "反弹 GY-0007 夜间恢复生产 期限 5月31日",
  async run(ctx, args) {
    const { enterprise, rest } = await caseFromArgs(ctx, args);
    assertMayChange(ctx, enterprise);
    if (!enterprise.closedAt)
      throw new ConflictError(`【${enterprise.caseNo}】尚未销号，无需反弹，请直接报送进展。`);
    const { head, values } = splitKeywords(rest, { deadline: ["整治期限", "新期限", "期限"] });
    const situation = head;
    if (!situation)
      throw new InputError(`请说明反弹情况，例如：反弹 ${enterprise.caseNo} 夜间恢复生产 期限 5月31日`);
    const day = today(ctx.clock);
    let deadline: string;
    let rule: string;
    if (values.deadline) {
      const written = parseDate(values.deadline, ctx.settings.campaignYear);
      if (!written) throw new InputError(`期限${quoteValue(values.deadline)}无法识别，例如：期限 5月31日`);
      if (written < day)
        throw new InputError(
          `期限 ${chineseDate(written)} 已过，请写今天（${chineseDate(day)}）以后的日期。`,
        );
      deadline = written;
      rule = `整治期限：${chineseDate(enterprise.deadline)} → ${chineseDate(deadline)}`;
    } else {
      deadline = addDays(day, REOPEN_DAYS);
      rule = `整治期限：未写新期限，按反弹之日起${REOPEN_DAYS}日定为 ${chineseDate(deadline)}（原 ${chineseDate(enterprise.deadline)}；可发送「更正 ${enterprise.caseNo} 整治期限：日期」修改）`;
    }
    const now = ctx.clock.now().toISOString();
    const working = STATE_PATHS[enterprise.requirement].working;
    const updated = await ctx.repos.enterprises.update(enterprise.id, {
      closed_at: null,
      closed_by: null,
      state: working,
      finished_on: null,
      deadline,
      reopen_count: enterprise.reopenCount + 1,
      reopened_at: now,
      updated_at: now,
    });
    await ctx.repos.audit.record({
      ...auditBase(ctx, now),
      action: "reopen",
      entityType: "enterprise",
      entityId: enterprise.id,
      before: {
        state: enterprise.state,
        finishedOn: enterprise.finishedOn,
        closedAt: enterprise.closedAt,
        deadline: enterprise.deadline,
      },
      after: { state: working, finishedOn: null, closedAt: null, deadline },
      note: situation,
    });
    ctx.reply(
      `⚠️【${updated.caseNo}】${updated.name} 反弹，已重新立案（第${updated.reopenCount}次）\n完成情况：${working}\n${rule}`,
    );
  },
};

import { InputError } from "../base/errors.js";
import { TOWN_ROLES } from "../domain/enums.js";
import { shortTime } from "../domain/history.js";
import { monthKey, parseLedgerMonth } from "../domain/ledger-as-of.js";
import { renderSubmissionStatus } from "../reports/bulletin/bulletin-reminders.js";
import { createSubmissionsRepo } from "../storage/submissions-repo.js";
import { ALL_ROLES, type Command } from "./command.js";
import { submissionDay } from "./submission-town.js";

/**
 * 报送情况 [月份] (or 报送了吗): a question, never a record — per town, what of the month's 电子版,
 * 盖章件 and 工作总结 is in and what is still missing. District roles see every town, a town's people
 * their own.
 */
export const submissionStatusCommand: Command = {
  name: "报送情况",
  aliases: ["报送了吗"],
  roles: ALL_ROLES,
  summary: "本月台账报送情况：电子版、盖章件、工作总结，各镇（办）尚缺什么",
  usage: "报送情况 [月份]",
  async run(ctx, args) {
    const { now, month: current } = submissionDay(ctx);
    const text = args.replace(/[?？吗]/g, "").trim();
    const named = text ? parseLedgerMonth(text, ctx.settings.campaignYear) : null;
    if (text && !named) throw new InputError(`月份“${text}”无法识别，如：报送情况 3月`);
    const month = named ? monthKey(named) : current;
    const towns = new Map((await ctx.repos.towns.list()).map((t) => [t.id, t.name]));
    const own = TOWN_ROLES.includes(ctx.person.role) ? ctx.person.townId : null;
    const statuses = (await createSubmissionsRepo(ctx.repos.db).monthStatus(month))
      .filter((s) => own === null || s.townId === own)
      .map((s) => ({ town: towns.get(s.townId) ?? "", ...s }));
    // 截至 3月20日 10:00, in Beijing time as the evening push says it.
    ctx.reply(renderSubmissionStatus(month, shortTime(now), statuses));
  },
};

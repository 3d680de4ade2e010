import { today } from "../base/clock.js";
import { NotFoundError } from "../base/errors.js";
import { chineseDate, daysBetween, monthDay } from "../domain/dates.js";
import { ALL_ROLES, type Command } from "./command.js";

const SHOWN = 30;

/** 逾期 [镇名]: cases past their 整治期限 and not yet finished, with who answers for them. */
export const overdueCommand: Command = {
  name: "逾期",
  roles: ALL_ROLES,
  summary: "逾期未完成的案件及分包责任人",
  usage: "逾期\n逾期 古荥镇",
  async run(ctx, args) {
    const day = today(ctx.clock);
    const townName = args.trim();
    const town = townName ? await ctx.repos.towns.byName(townName) : undefined;
    if (townName && !town) throw new NotFoundError(`没有“${townName}”这个镇（办）。`);
    const cases = await ctx.repos.enterprises.overdue(day, town?.id, SHOWN + 1);
    const scope = town?.name ?? "全区";
    if (cases.length === 0) {
      ctx.reply(`${scope}暂无逾期案件（${chineseDate(day)}）。`);
      return;
    }
    const lines = cases
      .slice(0, SHOWN)
      .map(
        (e) =>
          `${e.caseNo} ${e.name}\n  期限${monthDay(e.deadline)} 逾期${daysBetween(e.deadline, day)}天 · ${e.state} · 责任人${e.responsible}`,
      );
    const more = cases.length > SHOWN ? `\n……仅列前${SHOWN}家，请按镇（办）查看` : "";
    ctx.reply(`${scope}逾期案件（${chineseDate(day)}）：\n${lines.join("\n")}${more}`);
  },
};

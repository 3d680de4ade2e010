import { today } from "../base/clock.js";
import { stateLabel } from "../domain/card.js";
import { monthDay } from "../domain/dates.js";
import { ALL_ROLES, type Command } from "./command.js";

/** 我的: my open cases — the ones I reported or answer for as 分包责任人. */
export const mineCommand: Command = {
  name: "我的",
  roles: ALL_ROLES,
  summary: "我上报或负责的未销号案件",
  usage: "我的",
  async run(ctx) {
    const cases = await ctx.repos.enterprises.openFor(ctx.person.id, ctx.person.name, 31);
    if (cases.length === 0) {
      ctx.reply("您没有未销号的案件。");
      return;
    }
    const day = today(ctx.clock);
    const lines = cases
      .slice(0, 30)
      .map(
        (e) =>
          `${e.caseNo} ${e.name} · ${stateLabel(e)} · 期限${monthDay(e.deadline)}${e.deadline < day && !e.finishedOn ? " ⚠️逾期" : ""}`,
      );
    ctx.reply(
      `${ctx.person.name}的未销号案件（${cases.length > 30 ? "30+" : cases.length}）：\n${lines.join("\n")}`,
    );
  },
};

import { today } from "../../base/clock.js";
import { ForbiddenError, NotFoundError } from "../../base/errors.js";
import { findCaseNo } from "../../domain/case-number.js";
import { chineseDate, daysBetween, monthDay } from "../../domain/dates.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import { escalationLabel, wentOut } from "../../domain/escalation.js";
import { isFinished } from "../../domain/transitions.js";
import { ALL_ROLES, type Command } from "../command.js";
import { inspectCommand } from "./inspect.js";
import { supervision } from "./supervision-shared.js";
import { otherTransferHead } from "./transfer-other.js";

const SHOWN = 30;

/**
 * 移交 [镇名]: the transfers not yet closed (ledger 2's open rows). A supervisor may also write
 * 移交 GY-0007 问题 … 要求 … 期限 …, the same as 督查 with a problem.
 */
export const transfersCommand: Command = {
  name: "移交",
  roles: ALL_ROLES,
  summary: "查看未销号的移交问题（督查跟踪台账）",
  usage: "移交\n移交 古荥镇\n移交 GY-0007 问题 … 要求 整改完善 期限 4月30日",
  async run(ctx, args) {
    if (findCaseNo(args) && /问题/.test(args)) {
      if (ctx.person.role !== "district_supervisor") throw new ForbiddenError("移交问题仅限区督查。");
      return inspectCommand.run(ctx, args);
    }
    const name = args.trim();
    const own = TOWN_ROLES.includes(ctx.person.role) ? ctx.person.townId : null;
    const town = name
      ? await ctx.repos.towns.byName(name)
      : own
        ? await ctx.repos.towns.byId(own)
        : undefined;
    if (name && !town) throw new NotFoundError(`没有“${name}”这个镇（办）。`);
    if (own && town && town.id !== own) throw new ForbiddenError("您只能查看本镇（办）的移交问题。");
    const repos = supervision(ctx);
    const list = await repos.transfers.open(town?.id);
    const scope = town?.name ?? "全区";
    if (list.length === 0) {
      ctx.reply(`${scope}暂无未销号的移交问题。`);
      return;
    }
    const day = today(ctx.clock);
    const steps = await repos.escalations.forSubjects(
      "transfer",
      list.map((t) => t.id),
    );
    const lines = list.slice(0, SHOWN).map((t) => {
      if (t.kind !== "town") return `${otherTransferHead(t)}\n  情况：${t.problem} · 办理中`;
      const finished = isFinished(t.requirement, t.state);
      const late = !finished && t.deadline < day ? ` ⚠️逾期${daysBetween(t.deadline, day)}天` : "";
      const taken = steps.get(`transfer:${t.id}:0`) ?? [];
      const last = taken[taken.length - 1];
      const ladder = last
        ? ` · ${wentOut(last.status) ? "已" : ""}${escalationLabel(last.step, last.status)}`
        : "";
      return `${t.transferNo} ${t.townName}【${t.caseNo}】${t.enterpriseName}\n  ${t.requirement} · 期限${monthDay(t.deadline)} · ${t.state}${t.finishedOn ? `（${chineseDate(t.finishedOn)}）` : ""}${late}${ladder}`;
    });
    const more = list.length > SHOWN ? `\n……仅列前${SHOWN}件` : "";
    ctx.reply(
      `${scope}未销号移交问题 ${list.length} 件（${chineseDate(day)}）：\n${lines.join("\n")}${more}`,
    );
  },
};

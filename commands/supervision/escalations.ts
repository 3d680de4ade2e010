import { ForbiddenError, NotFoundError } from "../../base/errors.js";
import { chineseDate, monthDay } from "../../domain/dates.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import { escalationLabel } from "../../domain/escalation.js";
import { figures } from "../../domain/phone-text.js";
import type { SupervisionPolicy } from "../../domain/supervision-policy.js";
import { runDailySupervision } from "../../scheduler/supervision/daily-supervision.js";
import type { Command } from "../command.js";
import { supervision } from "./supervision-shared.js";

const SHOWN = 20;

/**
 * 督办 [镇名]: the escalation ladder — per town how many were notified with a deadline (限期整治)
 * and reported to 区大气办 for a summons (约谈), and the latest steps. 督办 执行 runs today's ladder
 * and rebound checks at once (the daily job does it anyway).
 */
export function createEscalationsCommand(policy: SupervisionPolicy): Command {
  return {
    name: "督办",
    roles: ["district_supervisor", "director", "admin", "town_admin"],
    summary: "逾期督办情况：限期整治、报区大气办约谈",
    usage: "督办\n督办 古荥镇\n督办 执行",
    async run(ctx, args) {
      const word = args.trim();
      if (word === "执行") {
        if (!["district_supervisor", "admin"].includes(ctx.person.role))
          throw new ForbiddenError("「督办 执行」仅限区督查、管理员使用。");
        const queued = await runDailySupervision({
          db: ctx.repos.db,
          clock: ctx.clock,
          policy,
          log: ctx.log,
        });
        ctx.reply(
          queued.length
            ? `已执行今日督办和回头看，发出通知 ${queued.length} 条。`
            : "已执行今日督办和回头看，暂无新的督办事项。",
        );
        return;
      }
      const own = TOWN_ROLES.includes(ctx.person.role) ? ctx.person.townId : null;
      const town = word
        ? await ctx.repos.towns.byName(word)
        : own
          ? await ctx.repos.towns.byId(own)
          : undefined;
      if (word && !town) throw new NotFoundError(`没有“${word}”这个镇（办）。`);
      if (own && town && town.id !== own) throw new ForbiddenError("您只能查看本镇（办）的督办情况。");
      const repos = supervision(ctx);
      const counts = (await repos.escalations.countsByTown()).filter((c) => !town || c.townId === town.id);
      const steps = await repos.escalations.list(town?.id, SHOWN);
      if (steps.length === 0) {
        ctx.reply(`${town?.name ?? "全区"}暂无督办事项（限期整治、约谈）。`);
        return;
      }
      const perTown = counts
        .filter((c) => c.notice + c.summons + c.proposed > 0)
        .map(
          (c) =>
            `${c.townName}：${figures([
              ["限期整治", c.notice],
              ["建议约谈", c.summons],
              ["待确认", c.proposed],
            ])}`,
        );
      const lines = steps.map(
        (s) =>
          `${monthDay(s.onDate)} ${s.townName} ${escalationLabel(s.step, s.status)}${s.newDeadline ? `（至 ${chineseDate(s.newDeadline)}）` : ""}\n  ${s.note ?? `【${s.caseNo}】${s.enterpriseName}`}`,
      );
      ctx.reply([`${town?.name ?? "全区"}督办情况`, ...perTown, "—— 最近督办 ——", ...lines].join("\n"));
    },
  };
}

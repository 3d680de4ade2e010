import { today } from "../../base/clock.js";
import { InputError } from "../../base/errors.js";
import { addDays, chineseDate, daysBetween, monthDay } from "../../domain/dates.js";
import { TOWN_ROLES } from "../../domain/enums.js";
import type { SupervisionPolicy } from "../../domain/supervision-policy.js";
import { parseTipArgs, TIP_USAGE } from "../../domain/tip-args.js";
import { shortName, type Town } from "../../storage/towns-repo.js";
import { auditBase } from "../audit-base.js";
import { ALL_ROLES, type Command } from "../command.js";
import { sendText, supervision } from "./supervision-shared.js";

/**
 * 线索 <描述> 地点 <…> 来源 12369: a public report (12369有奖举报) is registered and handed to the
 * town to verify by a deadline; the town group is told. A photo sent next is kept with the tip.
 * 线索 alone lists the tips still to verify.
 */
export function createTipCommand(policy: SupervisionPolicy): Command {
  return {
    name: "线索",
    roles: ALL_ROLES,
    summary: `登记12369等举报线索，交镇（办）${policy.tipDays}日内核实`,
    usage: `${TIP_USAGE}\n线索（查看待核实线索）`,
    async run(ctx, args) {
      const repos = supervision(ctx);
      const day = today(ctx.clock);
      if (!args.trim()) {
        const own = TOWN_ROLES.includes(ctx.person.role) ? (ctx.person.townId ?? undefined) : undefined;
        const open = await repos.tips.open(own);
        if (open.length === 0) {
          ctx.reply("暂无待核实的线索。");
          return;
        }
        const lines = open.slice(0, 30).map((t) => {
          const late = t.deadline < day ? ` ⚠️逾期${daysBetween(t.deadline, day)}天` : "";
          return `${t.tipNo} ${t.townName} · ${t.place}\n  ${t.description} · 核实期限${monthDay(t.deadline)}${late}`;
        });
        ctx.reply(`待核实线索 ${open.length} 条：\n${lines.join("\n")}`);
        return;
      }
      const parsed = parseTipArgs(args, ctx.settings.campaignYear);
      if (!parsed.ok) throw new InputError(parsed.message);
      const towns = await ctx.repos.towns.list();
      const town = await chooseTipTown((n) => ctx.repos.towns.byName(n), towns, parsed.town, parsed.place, [
        ctx.chatTown?.id,
        ctx.person.townId,
      ]);
      if (!town)
        throw new InputError("请写明所属镇（办），例如：地点 古荥镇黄河村三组，或加上 镇（办） 古荥镇");
      const deadline = parsed.deadline ?? addDays(day, policy.tipDays);
      if (deadline < day)
        throw new InputError(`核实期限 ${chineseDate(deadline)} 已过，请写今天以后的日期。`);
      const base = auditBase(ctx);
      const tip = await repos.tips.add({
        description: parsed.description,
        place: parsed.place,
        source: parsed.source,
        townId: town.id,
        deadline,
        by: ctx.person.id,
        at: base.at,
      });
      await repos.tips.setFocus(ctx.person.id, tip.id, base.at);
      await ctx.repos.audit.record({
        ...base,
        action: "tip_register",
        entityType: "tip",
        entityId: tip.id,
        after: { tipNo: tip.tipNo, town: town.name, deadline, source: parsed.source },
        note: parsed.description,
      });
      const targets = await repos.targets.townTargets(town.id);
      sendText(
        ctx,
        targets,
        [
          `📢 举报线索 ${tip.tipNo}（来源：${tip.source}），请${town.name}核实`,
          `内容：${tip.description}`,
          `地点：${tip.place}`,
          `核实期限：${deadline}`,
          `核实后回复：核实 ${tip.tipNo} 属实（随后补充企业信息上报），或 核实 ${tip.tipNo} 不属实 理由`,
        ].join("\n"),
      );
      ctx.reply(
        `✅ 已登记线索 ${tip.tipNo}，交${town.name}核实（期限 ${chineseDate(deadline)}）${targets.length ? "，已通知该镇（办）" : ""}。\n如有现场照片，请接着发送。`,
      );
    },
  };
}

/** The tip's town: named, else the place starting with a town's name, else the chat's or the person's. */
async function chooseTipTown(
  byName: (name: string) => Promise<Town | undefined>,
  towns: Town[],
  named: string | null,
  place: string,
  fallbacks: (number | null | undefined)[],
): Promise<Town | undefined> {
  if (named) {
    const town = await byName(named);
    if (!town)
      throw new InputError(`没有“${named}”这个镇（办），可填：${towns.map((t) => t.name).join("、")}`);
    return town;
  }
  const inPlace = towns.find((t) => place.startsWith(t.name) || place.startsWith(shortName(t.name)));
  if (inPlace) return inPlace;
  const id = fallbacks.find((f) => f != null);
  return towns.find((t) => t.id === id);
}

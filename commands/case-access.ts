import { ConflictError, ForbiddenError, InputError, NotFoundError } from "../base/errors.js";
import { extractCaseNo } from "../domain/case-number.js";
import type { Enterprise } from "../domain/enterprise.js";
import { TOWN_ROLES } from "../domain/enums.js";
import type { BotContext, KnownContext } from "./context.js";

/**
 * The case a command is about: the case number in the text, else the enterprise the person last
 * reported or named. Returns the enterprise and the text with the case number taken out.
 */
export async function caseFromArgs(
  ctx: KnownContext,
  args: string,
): Promise<{ enterprise: Enterprise; rest: string }> {
  const { caseNo, rest } = extractCaseNo(args);
  if (caseNo) {
    const enterprise = await ctx.repos.enterprises.byCaseNo(caseNo);
    if (!enterprise) {
      throw new NotFoundError(`未找到案件 ${caseNo}，请核对编号（可发送「查询 企业名称」查找）。`);
    }
    return { enterprise, rest };
  }
  const focus = ctx.person.focusEnterpriseId;
  const enterprise = focus ? await ctx.repos.enterprises.byId(focus) : undefined;
  if (!enterprise) throw new InputError("请写明案件编号，例如：进展 GY-0007 正在拆除");
  return { enterprise, rest };
}

/** A withdrawn report (撤回) stays on file to be read, but nothing more is done with it. */
export function assertOnFile(enterprise: Enterprise): void {
  if (enterprise.withdrawnAt) {
    throw new ConflictError(
      `【${enterprise.caseNo}】已撤回（${enterprise.withdrawReason ?? ""}），不再办理。如需上报，请重新「上报」。`,
    );
  }
}

/** A town's people change only their own town's cases; a withdrawn case is changed by nobody. */
export function assertMayChange(ctx: KnownContext, enterprise: Enterprise): void {
  assertOnFile(enterprise);
  if (TOWN_ROLES.includes(ctx.person.role) && ctx.person.townId !== enterprise.townId) {
    throw new ForbiddenError(
      `【${enterprise.caseNo}】属于${enterprise.townName}，您只能处理本镇（办）的案件。`,
    );
  }
}

/** A town's people read their own town's cases; district roles read everything. */
export function mayRead(ctx: BotContext, enterprise: Enterprise): boolean {
  const p = ctx.person;
  return !!p && (!TOWN_ROLES.includes(p.role) || p.townId === enterprise.townId);
}

/** How long a reporter may correct or withdraw their own report themselves. */
const OWN_REPORT_HOURS = 24;

/**
 * 更正 and 撤回 change what the record says: the town's admin for their town, a district supervisor
 * anywhere, and the reporter for their own report within a day of reporting it.
 */
export function assertMayCorrect(ctx: KnownContext, enterprise: Enterprise, verb: "更正" | "撤回"): void {
  const p = ctx.person;
  if (p.role === "district_supervisor") return;
  if (p.role === "town_admin" && p.townId === enterprise.townId) return;
  const ownFresh =
    enterprise.reportedBy === p.id &&
    ctx.clock.now().getTime() - Date.parse(enterprise.reportedAt) <= OWN_REPORT_HOURS * 3_600_000;
  if (ownFresh) return;
  const own = enterprise.reportedBy === p.id ? `，上报已超过${OWN_REPORT_HOURS}小时` : "";
  throw new ForbiddenError(
    `${verb}【${enterprise.caseNo}】须由${enterprise.townName}的镇（办）管理员或区督查办理（上报人可在上报后${OWN_REPORT_HOURS}小时内自行${verb}${own}）。`,
  );
}

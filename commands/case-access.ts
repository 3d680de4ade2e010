import { ForbiddenError, InputError, NotFoundError } from "../base/errors.js";
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

/** A town's people change only their own town's cases. */
export function assertMayChange(ctx: KnownContext, enterprise: Enterprise): void {
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

import { ForbiddenError, InputError, NotFoundError } from "../base/errors.js";
import { TOWN_ROLES } from "../domain/enums.js";
import type { Town } from "../storage/towns-repo.js";
import type { KnownContext } from "./context.js";

/**
 * Whose wall a person may see (挂图, 看板): a town's people their own town; district roles and
 * leaders the district, or one town they name. `undefined` means the whole district.
 */
export async function wallScope(ctx: KnownContext, named: string): Promise<Town | undefined> {
  const wanted = named.trim();
  const town = wanted ? await ctx.repos.towns.byName(wanted) : undefined;
  if (wanted && !town) {
    const names = (await ctx.repos.towns.list()).map((t) => t.name).join("、");
    throw new NotFoundError(`没有“${wanted}”，可选：${names}`);
  }
  if (!TOWN_ROLES.includes(ctx.person.role)) return town;
  const own = ctx.person.townId ? await ctx.repos.towns.byId(ctx.person.townId) : undefined;
  if (!own) throw new InputError("您的账号未关联镇（办），请联系管理员。");
  if (town && town.id !== own.id) throw new ForbiddenError(`您只能查看本镇（办）（${own.name}）的挂图。`);
  return own;
}

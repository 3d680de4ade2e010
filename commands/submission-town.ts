import { CAMPAIGN_TZ } from "../base/clock.js";
import { InputError } from "../base/errors.js";
import { dateInZone } from "../base/zoned-time.js";
import type { Role } from "../domain/enums.js";
import type { Town } from "../storage/towns-repo.js";
import type { KnownContext } from "./context.js";

/** Who sends a town's monthly ledger, 盖章件 and 工作总结 (and confirms 报送). */
export const SUBMITTERS: readonly Role[] = ["town_admin", "inspector", "admin"];

/**
 * The town a 报送 item is for: the group's town, else the person's own; a town's people only for
 * their own town. `what` names the act in the answer.
 */
export async function submissionTown(ctx: KnownContext, what: string): Promise<Town> {
  const townId = ctx.chatTown?.id ?? ctx.person.townId;
  const town = ctx.chatTown ?? (townId ? await ctx.repos.towns.byId(townId) : undefined);
  if (!town) throw new InputError(`请在本镇（办）工作群里${what}。`);
  if (ctx.person.townId && ctx.person.townId !== town.id && ctx.person.role !== "admin") {
    throw new InputError(`您不属于${town.name}，不能替其${what}。`);
  }
  return town;
}

/** Today in Beijing and its month ('YYYY-MM'): what a 报送 item counts for. */
export function submissionDay(ctx: KnownContext): { now: string; today: string; month: string } {
  const now = ctx.clock.now();
  const today = dateInZone(now, CAMPAIGN_TZ);
  return { now: now.toISOString(), today, month: today.slice(0, 7) };
}

import { ForbiddenError, InputError } from "../base/errors.js";
import { TOWN_ROLES } from "../domain/enums.js";
import { quoteValue } from "../domain/text-limits.js";
import { createLedgerService, ledgerMonthOf } from "../reports/ledger/ledger-service.js";
import type { Town } from "../storage/towns-repo.js";
import { ALL_ROLES, type Command } from "./command.js";
import type { KnownContext } from "./context.js";

export function ledgerServiceFor(ctx: KnownContext) {
  return createLedgerService({
    db: ctx.repos.db,
    photos: ctx.photos,
    clock: ctx.clock,
    campaignYear: ctx.settings.campaignYear,
    proof: ctx.settings.proof,
  });
}

/** A town's people see their own town; district roles name one, or get the chat's town. */
export async function townForFiles(ctx: KnownContext, named: string | undefined): Promise<Town> {
  const own = ctx.person.townId ? await ctx.repos.towns.byId(ctx.person.townId) : undefined;
  if (TOWN_ROLES.includes(ctx.person.role)) {
    if (!own) throw new InputError("您的账号未关联镇（办），请联系管理员。");
    if (named) {
      const town = await ctx.repos.towns.byName(named);
      if (town && town.id !== own.id)
        throw new ForbiddenError(`您只能查看本镇（办）（${own.name}）的台账和档案。`);
    }
    return own;
  }
  if (named) {
    const town = await ctx.repos.towns.byName(named);
    if (!town) {
      const names = (await ctx.repos.towns.list()).map((t) => t.name).join("、");
      throw new InputError(`没有${quoteValue(named)}，可选：${names}`);
    }
    return town;
  }
  if (ctx.chatTown) return ctx.chatTown;
  throw new InputError("请写明镇（办），例如：台账 古荥镇 3月");
}

/** 台账 [镇名] [月份]: ledger 1 (附件1) as an .xlsx in the chat; with a month, as of that month's 23rd. */
export const ledgerCommand: Command = {
  name: "台账",
  roles: ALL_ROLES,
  summary: "排查台账（附件1）电子版；写月份则为该月23日报送版",
  usage: "台账 [镇名] [月份]\n台账 古荥镇 3月",
  async run(ctx, args) {
    const words = args.split(/\s+/).filter(Boolean);
    const month = words.find((w) => /月|^\d{4}[-/.]\d{1,2}$/.test(w));
    const townWord = words.find((w) => w !== month);
    const town = await townForFiles(ctx, townWord);
    const campaignYear = ctx.settings.campaignYear;
    ledgerMonthOf(month, campaignYear);
    // Built after this message commits (scheduler/file-jobs/file-job-kinds.ts), then sent here.
    ctx.queueFile("ledger", { town: town.name, month: month ?? null, campaignYear });
  },
};

/** 督查台账 [月份]: the district's ledger 2 (附件2) of transfers (移交) and how they ended. */
export const supervisionLedgerCommand: Command = {
  name: "督查台账",
  roles: ["district_supervisor", "director", "admin"],
  summary: "督查跟踪台账（附件2）电子版",
  usage: "督查台账 [月份]",
  async run(ctx, args) {
    const month = args.trim() || undefined;
    const campaignYear = ctx.settings.campaignYear;
    ledgerMonthOf(month, campaignYear);
    ctx.queueFile("supervision-ledger", { month: month ?? null, campaignYear });
  },
};

import { CAMPAIGN_TZ, today } from "../base/clock.js";
import { BotError } from "../base/errors.js";
import { stateLabel } from "../domain/card.js";
import { addDays, type IsoDate } from "../domain/dates.js";
import type { Enterprise } from "../domain/enterprise.js";
import { TOWN_ROLES } from "../domain/enums.js";
import { progressFigures } from "../domain/progress-stats.js";
import { periodDays } from "../domain/reading/period.js";
import {
  type AskedPerson,
  CHANGE_ACTIONS,
  changeMatches,
  countsChanges,
  matchesFilters,
  progressOf,
  stateMatches,
} from "../domain/reading/question-match.js";
import type { QuestionReading } from "../domain/reading/question-reading.js";
import type { Town } from "../storage/towns-repo.js";
import type { Command } from "./command.js";
import type { KnownContext } from "./context.js";
import { mineCommand } from "./mine.js";
import { overdueCommand } from "./overdue.js";
import { queryCommand } from "./query.js";
import { statsCommand } from "./stats.js";

const LISTED = 20;

/**
 * The answer to a question read into `reading`, without the reading line (the handler puts it first):
 * the commands themselves where a question is one (进度, 逾期, 查询, 我的), else the same enterprises
 * on file filtered by the campaign's one state function, and for changes in a period the history.
 */
export async function answerQuestion(ctx: KnownContext, r: QuestionReading): Promise<string> {
  if (r.enterprise) return runCommand(ctx, queryCommand, await enterpriseArgs(ctx, r.enterprise));
  const towns = await ctx.repos.towns.list();
  const scope = scopeOf(ctx, r, towns);
  const plain = !r.type && !r.kind && !r.requirement && !r.period;
  // 进度 is the command's for a whole town or the district; narrowed (八小进度, 张三负责的) it is counted
  // below over those cases, as the command counts a town.
  const narrowed = Boolean(r.type || r.kind || r.requirement || r.person);
  if ((r.measure === "进度" && !narrowed) || (r.measure === "情况" && !r.subject && !r.person)) {
    return runCommand(ctx, statsCommand, scope?.name ?? "");
  }
  if (r.measure === "名单" && !mayList(ctx, scope)) {
    return `您只能查看本镇（办）的名单。可发送「进度${scope ? ` ${scope.name}` : ""}」看统计数字。`;
  }
  if (r.measure === "名单" && plain && r.subject === "逾期" && !r.person) {
    return runCommand(ctx, overdueCommand, scope?.name ?? "");
  }
  if (
    r.measure === "名单" &&
    plain &&
    r.person === "我" &&
    (!r.subject || r.subject === "未完成") &&
    !r.scope
  ) {
    return runCommand(ctx, mineCommand, "");
  }

  const person = await personOf(ctx, r);
  // Whose cases are counted is said in the answer too (钱七负责的), not only in the reading line.
  const who = person ? `${person.name}负责的` : "";
  const onFile = scope
    ? await ctx.repos.enterprises.listByTown(scope.id)
    : await ctx.repos.enterprises.listAll();
  const day = today(ctx.clock);
  const candidates = onFile.filter((e) => matchesFilters(e, r, person));
  if (r.measure === "进度") {
    const kind = `${r.type ?? ""}${r.kind ? `（${r.kind}）` : ""}${r.requirement ?? ""}`;
    return `${scope?.name ?? "全区"}${who}${kind}进度：${progressFigures(progressOf(candidates, day))}`;
  }
  const found = countsChanges(r)
    ? await changedIn(ctx, r, day, candidates)
    : r.subject === "反弹"
      ? await changedIn(ctx, r, null, candidates)
      : candidates.filter((e) => stateMatches(r.subject, e, day));

  const what = `${scope?.name ?? "全区"}${who}${r.period ?? ""}${r.subject ?? ""}${r.type ?? ""}${r.kind ? `（${r.kind}）` : ""}${r.requirement ?? ""}`;
  const asOf = r.period && !countsChanges(r) ? "（按当前状态）" : "";
  if (r.measure === "数量") return `${what}：${found.length} 家${asOf}`;
  if (found.length === 0) return `${what}：没有${asOf}`;
  const lines = found.slice(0, LISTED).map((e) => `${e.caseNo} ${e.name} · ${stateLabel(e)}`);
  const more = found.length > LISTED ? [`……共 ${found.length} 家，仅列前${LISTED}家`] : [];
  return [`${what}（${found.length} 家）${asOf}：`, ...lines, ...more].join("\n");
}

/** The enterprises among `candidates` with a change the subject names in the period (all time: null). */
async function changedIn(
  ctx: KnownContext,
  r: QuestionReading,
  day: IsoDate | null,
  candidates: Enterprise[],
): Promise<Enterprise[]> {
  const days = day && r.period ? periodDays(r.period, day) : null;
  // The campaign's days begin at midnight in its zone (Asia/Shanghai keeps +08:00 all year).
  const from = days ? instantOf(days.from) : "0000";
  const to = days ? instantOf(addDays(days.to, 1)) : "9999";
  const changes = await ctx.repos.audit.enterpriseChanges(CHANGE_ACTIONS, from, to);
  const ids = new Set(changes.filter((c) => changeMatches(r.subject, c)).map((c) => c.entityId));
  return candidates.filter((e) => ids.has(e.id));
}

function instantOf(date: IsoDate): string {
  if (CAMPAIGN_TZ !== "Asia/Shanghai") throw new Error("campaign zone changed: update instantOf");
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** The town asked about: named, else the asker's own (town roles), else the district (undefined). */
function scopeOf(ctx: KnownContext, r: QuestionReading, towns: Town[]): Town | undefined {
  if (r.scope === "全区") return undefined;
  if (r.scope) return towns.find((t) => t.name === r.scope);
  if (TOWN_ROLES.includes(ctx.person.role)) return towns.find((t) => t.id === ctx.person.townId);
  return undefined;
}

/** Names of enterprises, as 查询 shows them: a town's people see their own town's. */
function mayList(ctx: KnownContext, town: Town | undefined): boolean {
  return !TOWN_ROLES.includes(ctx.person.role) || town?.id === ctx.person.townId;
}

/** The person a reading names (a 分包责任人 need not be registered: then by name alone). */
async function personOf(ctx: KnownContext, r: QuestionReading): Promise<AskedPerson | undefined> {
  if (!r.person) return undefined;
  if (r.person === "我") return { id: ctx.person.id, name: ctx.person.name };
  const [p] = await ctx.repos.persons.byName(r.person);
  return p ? { id: p.id, name: p.name } : { id: null, name: r.person };
}

/** 黄河塑料厂: searched as written, else without its kind of business (黄河塑料) as 查询 would be. */
async function enterpriseArgs(ctx: KnownContext, name: string): Promise<string> {
  if (/^[A-Z]+-\d+$/.test(name)) return name;
  if ((await ctx.repos.enterprises.searchByName(name, 1)).length > 0) return name;
  const short = name.replace(/(加工厂|加工点|有限公司|公司|作坊|厂|店)$/, "");
  return short.length >= 2 ? short : name;
}

/** A command's reply as text (its refusals too: they are the answer), so the reading line goes first. */
async function runCommand(ctx: KnownContext, command: Command, args: string): Promise<string> {
  const said: string[] = [];
  const quiet: KnownContext = { ...ctx, reply: (t: string) => said.push(t) };
  try {
    await command.run(quiet, args);
  } catch (e) {
    if (!(e instanceof BotError)) throw e;
    said.push(e.message);
  }
  return said.join("\n");
}

import type { ProgressState, Requirement } from "./enums.js";
import { ENTERPRISE_TYPES, REQUIREMENTS } from "./enums.js";
import { figures, percent } from "./phone-text.js";
import { isFinished } from "./transitions.js";

/** One cell of the 进度 aggregation (town × type × requirement × state), as storage counts it. */
export interface ProgressCell {
  townId: number;
  type: string;
  requirement: string;
  state: string;
  total: number;
  closed: number;
  overdue: number;
}

export interface TownProgress {
  townId: number;
  townName: string;
  total: number;
  /** Finished (整改到位/拆除到位/手续办结), closed or not. */
  finished: number;
  closed: number;
  overdue: number;
  /** type · requirement → state → count */
  breakdown: Map<string, Map<string, number>>;
}

/** Folds the cells into one line per town, in the towns' order. */
export function summarizeProgress(
  cells: ProgressCell[],
  towns: { id: number; name: string }[],
): TownProgress[] {
  const byTown = new Map<number, TownProgress>(
    towns.map((t) => [
      t.id,
      { townId: t.id, townName: t.name, total: 0, finished: 0, closed: 0, overdue: 0, breakdown: new Map() },
    ]),
  );
  for (const c of cells) {
    const t = byTown.get(c.townId);
    if (!t) continue;
    t.total += c.total;
    t.closed += c.closed;
    t.overdue += c.overdue;
    if (isFinished(c.requirement as Requirement, c.state as ProgressState)) t.finished += c.total;
    const key = `${c.type} · ${c.requirement}`;
    const states = t.breakdown.get(key) ?? new Map<string, number>();
    // A closed case is shown as 已销号, the rest by their state.
    if (c.closed > 0) states.set("已销号", (states.get("已销号") ?? 0) + c.closed);
    if (c.total - c.closed > 0) states.set(c.state, (states.get(c.state) ?? 0) + c.total - c.closed);
    t.breakdown.set(key, states);
  }
  return [...byTown.values()];
}

/** The order breakdown lines are shown in: the seed's order of types and requirements. */
const BREAKDOWN_ORDER = ENTERPRISE_TYPES.flatMap((t) => REQUIREMENTS.map((r) => `${t} · ${r}`));

/**
 * A town's cases by type and requirement, as `进度 镇名` says them and the board's town page shows them:
 * '小散乱污 · 限期拆除 2：已销号1 正在拆除1', in the seed's order, combinations with no case left out.
 */
export function breakdownLines(p: Pick<TownProgress, "breakdown">): string[] {
  return BREAKDOWN_ORDER.flatMap((key) => {
    const states = p.breakdown.get(key);
    if (!states) return [];
    const n = [...states.values()].reduce((a, b) => a + b, 0);
    return [`${key} ${n}：${[...states].map(([s, c]) => `${s}${c}`).join(" ")}`];
  });
}

type Counts = Pick<TownProgress, "total" | "finished" | "closed" | "overdue">;

/** Adds up towns' counts (the district's line). */
export function sumProgress(rows: Counts[]): Counts {
  const s = { total: 0, finished: 0, closed: 0, overdue: 0 };
  for (const r of rows) {
    s.total += r.total;
    s.finished += r.finished;
    s.closed += r.closed;
    s.overdue += r.overdue;
  }
  return s;
}

/**
 * One town's (or the district's) progress as 进度 says it and the board shows it:
 * '总数 2 · 完成 0 · 销号 0 · 逾期 1 · 完成率 0.0%', or that nothing is reported yet.
 */
export function progressFigures(p: Counts): string {
  if (p.total === 0) return "尚无上报企业";
  return figures([
    ["总数", p.total],
    ["完成", p.finished],
    ["销号", p.closed],
    ["逾期", p.overdue],
    ["完成率", percent(p.finished, p.total)],
  ]);
}

import { daysBetween, type IsoDate, monthDay } from "../../domain/dates.js";
import type { Milestone } from "./bulletin-types.js";

/** 0.6234 → '62.3%'. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** 2017-03-09 → '3月9日' (domain/dates.ts: one date style). */
export const shortDate = (date: IsoDate): string => monthDay(date);

/** +3 → '↑3', -2 → '↓2', 0 → '持平'. */
export function delta(change: number, digits = 0): string {
  if (Math.abs(change) < 10 ** -digits / 2) return "持平";
  return `${change > 0 ? "↑" : "↓"}${Math.abs(change).toFixed(digits)}`;
}

/** Count-down lines for the milestones still ahead (or due today); passed ones are left out. */
export function milestoneLines(milestones: Milestone[], today: IsoDate): string[] {
  const lines: string[] = [];
  for (const m of milestones) {
    const days = daysBetween(today, m.date);
    if (days > 0) lines.push(`距${m.label}期限（${shortDate(m.date)}）还有 ${days} 天`);
    else if (days === 0) lines.push(`今天是${m.label}期限（${shortDate(m.date)}）`);
  }
  return lines;
}

const collator = new Intl.Collator("zh-Hans-CN");

/**
 * Bulletin order: completion rate high to low, fewer overdue first, then the town's name; a town
 * with no case on file has no rate and comes last (0 of 0 is not 0 %).
 */
export function rankTowns<T extends { town: string; total: number; completionRate: number; overdue: number }>(
  rows: T[],
): T[] {
  return [...rows].sort(
    (a, b) =>
      Number(a.total === 0) - Number(b.total === 0) ||
      b.completionRate - a.completionRate ||
      a.overdue - b.overdue ||
      collator.compare(a.town, b.town),
  );
}

/** A town's completion rate as shown: '62.3%', or '—' with no case on file. */
export function townRate(t: { total: number; completionRate: number }): string {
  return t.total ? percent(t.completionRate) : "—";
}

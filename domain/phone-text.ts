/**
 * Replies are read on phones, in the chat app's proportional font: columns aligned with spaces drift
 * away from their headers there. So a table becomes one line per town or case, each number with its
 * label right beside it.
 */

/** [["总数", 2], ["逾期", 1]] → '总数 2 · 逾期 1'. */
export function figures(pairs: readonly (readonly [string, string | number])[]): string {
  return pairs.map(([label, value]) => `${label} ${value}`).join(" · ");
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${((part / whole) * 100).toFixed(1)}%`;
}

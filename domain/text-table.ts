import { displayWidth } from "./text-normalize.js";

/**
 * Columns aligned for a phone's monospace font, where a Chinese character takes two cells.
 * The first column is left-aligned (names), the rest right-aligned (numbers).
 */
export function textTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = " ".repeat((widths[i] ?? 0) - displayWidth(cell));
          return i === 0 ? cell + pad : pad + cell;
        })
        .join(" ")
        .trimEnd(),
    )
    .join("\n");
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? "—" : `${((part / whole) * 100).toFixed(1)}%`;
}

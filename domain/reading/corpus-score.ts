/**
 * Scoring a corpus of plain-words questions or free-text reports against the reader (the contract in
 * docs/plain-words.md): a reading equal to the expected one is read right; none where one was
 * expected is not understood (not wrong); any other reading is answered wrongly.
 */
export type Outcome = "right" | "not_understood" | "wrong";

export interface CorpusScore<T> {
  total: number;
  right: number;
  notUnderstood: number;
  wrong: number;
  /** Every item that was not read right, with what was read. */
  misses: { item: T; got: unknown; outcome: Outcome }[];
}

/** Same keys, same values: an extra key or a missing one is a difference. */
export function sameReading(a: Record<string, unknown> | null, b: Record<string, unknown> | null): boolean {
  if (a === null || b === null) return a === b;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

/** What one reading of one item counts as. */
export function outcomeOf(
  expected: Record<string, unknown> | null,
  got: Record<string, unknown> | null,
): Outcome {
  if (sameReading(expected, got)) return "right";
  if (got === null) return "not_understood";
  return "wrong";
}

/** Reads every item and tallies the outcomes. */
export function scoreCorpus<T>(
  items: readonly T[],
  expected: (item: T) => Record<string, unknown> | null,
  read: (item: T) => Record<string, unknown> | null,
): CorpusScore<T> {
  const score: CorpusScore<T> = { total: items.length, right: 0, notUnderstood: 0, wrong: 0, misses: [] };
  for (const item of items) {
    const got = read(item);
    const outcome = outcomeOf(expected(item), got);
    if (outcome === "right") score.right += 1;
    else {
      if (outcome === "wrong") score.wrong += 1;
      else score.notUnderstood += 1;
      score.misses.push({ item, got, outcome });
    }
  }
  return score;
}

/** 93.9 % read right · 0.6 % answered wrongly (330 questions) */
export function shareLine(score: CorpusScore<unknown>, what: string): string {
  const pct = (n: number) => (score.total ? ((100 * n) / score.total).toFixed(1) : "0.0");
  return `${pct(score.right)} % read right · ${pct(score.notUnderstood)} % not understood · ${pct(score.wrong)} % answered wrongly (${score.total} ${what})`;
}

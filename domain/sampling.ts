import { pickRandom, seededRandom } from "./sampling-prng.js";

/** One enterprise as the draw sees it: its town and its stratum within the town (its state). */
export interface SampleUnit {
  id: number;
  townId: number;
  stratum: string;
}

/** Ratios are handled in basis points so that 20 % of 35 is exactly 7, not 6.999…. */
const BP = 10_000;
const toBp = (ratio: number) => Math.round(ratio * BP);

/** How many a draw takes at this ratio: never fewer than ratio × population. */
export function sampleSize(population: number, ratio: number): number {
  return Math.ceil((population * toBp(ratio)) / BP);
}

/**
 * Draws a stratified random sample: the strata are town × state, each gets its proportional share
 * (largest remainders for the rest), every town with enterprises gets at least one, and the units
 * within a stratum are picked by a PRNG seeded with `seed`. The same units and seed give the same
 * sample. Returns the ids in the strata's order.
 *
 * @example
 *   drawSample(units, { ratio: 0.2, seed: 42 }) // ⌈0.2·n⌉ or a few more ids, every town present
 */
export function drawSample(units: readonly SampleUnit[], options: { ratio: number; seed: number }): number[] {
  const byKey = new Map<string, { key: string; townId: number; units: SampleUnit[]; take: number }>();
  const keyOf = (u: SampleUnit) => `${String(u.townId).padStart(10, "0")}|${u.stratum}`;
  for (const u of [...units].sort((a, b) => a.id - b.id)) {
    const key = keyOf(u);
    const stratum = byKey.get(key) ?? { key, townId: u.townId, units: [], take: 0 };
    stratum.units.push(u);
    byKey.set(key, stratum);
  }
  const strata = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const bp = toBp(options.ratio);
  const target = sampleSize(units.length, options.ratio);
  let allotted = 0;
  for (const stratum of strata) {
    stratum.take = Math.floor((stratum.units.length * bp) / BP);
    allotted += stratum.take;
  }
  // Largest remainders first; ties in the strata's order, so the allocation is deterministic.
  const rest = (s: { units: SampleUnit[] }) => (s.units.length * bp) % BP;
  const byRemainder = [...strata].sort((a, b) => rest(b) - rest(a) || (a.key < b.key ? -1 : 1));
  for (const stratum of byRemainder) {
    if (allotted >= target) break;
    if (stratum.take < stratum.units.length) {
      stratum.take++;
      allotted++;
    }
  }
  // Every town with enterprises is visited: a town left at zero gets one from its largest stratum.
  const towns = new Map<number, typeof strata>();
  for (const stratum of strata) towns.set(stratum.townId, [...(towns.get(stratum.townId) ?? []), stratum]);
  for (const townStrata of towns.values()) {
    if (townStrata.some((s) => s.take > 0)) continue;
    const [largest] = [...townStrata].sort((a, b) => b.units.length - a.units.length);
    if (largest) largest.take = 1;
  }
  const random = seededRandom(options.seed);
  return strata.flatMap((s) =>
    pickRandom(
      s.units.map((u) => u.id),
      s.take,
      random,
    ),
  );
}

/**
 * Gives each town's tasks to one supervisor (one trip per town), balancing the load: the town with
 * most tasks goes to the least loaded supervisor. Returns townId → supervisor id.
 */
export function assignTowns(
  tasksPerTown: ReadonlyMap<number, number>,
  supervisorIds: readonly number[],
): Map<number, number> {
  const load = new Map(supervisorIds.map((id) => [id, 0]));
  const result = new Map<number, number>();
  if (supervisorIds.length === 0) return result;
  const towns = [...tasksPerTown].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [townId, n] of towns) {
    const [least] = [...load].sort(
      (a, b) => a[1] - b[1] || supervisorIds.indexOf(a[0]) - supervisorIds.indexOf(b[0]),
    );
    if (!least) break;
    const [chosen, carried] = least;
    result.set(townId, chosen);
    load.set(chosen, carried + n);
  }
  return result;
}

/**
 * Reads the share a supervisor asks for: 25%, 25％, 0.25, 25 (percent). Null when it is no number.
 */
export function parseRatio(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*[%％]?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (/[%％]/.test(text) || n > 1) return n / 100;
  return n;
}

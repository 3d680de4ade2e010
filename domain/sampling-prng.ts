/**
 * A small seeded PRNG (mulberry32): the same 32-bit seed gives the same sequence on every machine,
 * so a recorded draw can be reproduced and checked.
 *
 * @example
 *   const next = seededRandom(20170301);
 *   next(); // 0 ≤ x < 1, the same for this seed every time
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks `k` items out of `items` without replacement (partial Fisher–Yates), in draw order. */
export function pickRandom<T extends number | string>(
  items: readonly T[],
  k: number,
  random: () => number,
): T[] {
  const pool = [...items];
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const current = pool[i];
    const chosen = pool[j];
    // Both lie within the pool (i < n ≤ length, i ≤ j < length): never undefined.
    if (current === undefined || chosen === undefined) break;
    pool[i] = chosen;
    pool[j] = current;
  }
  return pool.slice(0, n);
}

/** Seeds are unsigned 32-bit integers. */
export function isSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
}

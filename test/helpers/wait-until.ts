/**
 * Waits on what a test is about to check, never a fixed time: resolves once `ready()` holds, or after
 * `giveUpMs` (then the test's own assertions say what is wrong). Returns whether it held.
 */
export async function waitUntil(
  ready: () => boolean | Promise<boolean>,
  giveUpMs = 10_000,
): Promise<boolean> {
  const end = Date.now() + giveUpMs;
  while (!(await ready()) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return ready();
}

import { afterEach, describe, expect, test, vi } from "vitest";
import { type CoalescingPoller, coalescingPoller } from "../base/coalescing-poller.js";
import { waitUntil } from "./helpers/wait-until.js";

/** A door a pass waits at until the test opens it. */
function door() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A turn of the event loop (a pass that does real work yields to timers and sockets). */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The loop the fetcher of pending media and the file-job runner share (base/coalescing-poller.ts):
 * one pass at a time, kicks during a pass make one more pass, a stop ends the timer and the passes.
 */
describe("a coalescing poller", () => {
  let poller: CoalescingPoller | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    poller?.stop();
    await poller?.idle();
    poller = undefined;
  });

  /** A poller whose passes wait at `gate` (when set) and count themselves. */
  function counting(options: { pollMs?: number; waitForStart?: boolean } = {}) {
    const seen = { passes: 0, finished: 0, atOnce: 0, mostAtOnce: 0, errors: [] as unknown[] };
    let gate: Promise<void> | undefined;
    let failNext: Error | undefined;
    poller = coalescingPoller({
      pollMs: options.pollMs ?? 60_000,
      waitForStart: options.waitForStart,
      async pass() {
        seen.passes++;
        seen.atOnce++;
        seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.atOnce);
        try {
          if (failNext) {
            const err = failNext;
            failNext = undefined;
            throw err;
          }
          await gate;
          await turn();
          seen.finished++;
        } finally {
          seen.atOnce--;
        }
      },
      onError: (err) => seen.errors.push(err),
    });
    return {
      poller,
      seen,
      holdPasses: () => {
        const d = door();
        gate = d.opened;
        return () => {
          gate = undefined;
          d.open();
        };
      },
      failNextPass: (err: Error) => {
        failNext = err;
      },
    };
  }

  test("kicks during a pass make one more pass after it, never one beside it", async () => {
    const { poller, seen, holdPasses } = counting();
    const release = holdPasses();
    poller.kick();
    await waitUntil(() => seen.passes === 1);
    poller.kick();
    poller.kick();
    poller.kick();
    release();
    await poller.idle();
    expect(seen.passes).toBe(2);
    expect(seen.mostAtOnce).toBe(1);
    expect(seen.finished).toBe(2);
  });

  test("idle() waits for the pass under way and the one it owes", async () => {
    const { poller, seen, holdPasses } = counting();
    const release = holdPasses();
    poller.kick();
    await waitUntil(() => seen.passes === 1);
    poller.kick();
    const idle = poller.idle();
    release();
    await idle;
    expect(seen.finished).toBe(2);
  });

  test("stop() ends the passes: the pass under way looks no further, the kicks it owed run nothing", async () => {
    const items: number[] = [];
    const d = door();
    let passes = 0;
    poller = coalescingPoller({
      pollMs: 60_000,
      async pass() {
        passes++;
        for (const item of [1, 2, 3]) {
          if (poller?.isStopped()) return;
          items.push(item);
          await d.opened;
        }
      },
      onError: () => undefined,
    });
    poller.start();
    await waitUntil(() => items.length === 1);
    poller.kick();
    poller.stop();
    d.open();
    await poller.idle();
    poller.kick();
    await poller.idle();
    expect(items).toEqual([1]);
    expect(passes).toBe(1);
    expect(poller.isStopped()).toBe(true);
  });

  test("start() kicks now and every pollMs; after stop() the timer kicks no more", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { poller, seen } = counting({ pollMs: 1000 });
    poller.start();
    await poller.idle();
    expect(seen.passes).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await poller.idle();
    expect(seen.passes).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    await poller.idle();
    expect(seen.passes).toBe(3);

    poller.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    await poller.idle();
    expect(seen.passes).toBe(3);
  });

  test("a pass that fails is said through onError and the next kick runs a pass", async () => {
    const { poller, seen, failNextPass } = counting();
    const broken = new Error("database gone");
    failNextPass(broken);
    poller.start();
    await poller.idle();
    expect(seen.errors).toEqual([broken]);
    expect(seen.finished).toBe(0);
    poller.kick();
    await poller.idle();
    expect(seen.finished).toBe(1);
    expect(seen.errors).toHaveLength(1);
  });

  test("with waitForStart, kicks before start run nothing; without it they run a pass", async () => {
    const waiting = counting({ waitForStart: true });
    waiting.poller.kick();
    await waiting.poller.idle();
    expect(waiting.seen.passes).toBe(0);
    waiting.poller.start();
    await waiting.poller.idle();
    expect(waiting.seen.passes).toBe(1);
    waiting.poller.stop();

    const eager = counting();
    eager.poller.kick();
    await eager.poller.idle();
    expect(eager.seen.passes).toBe(1);
  });
});

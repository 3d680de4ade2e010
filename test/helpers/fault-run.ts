import { expect } from "vitest";
import { fixedClock } from "../../base/clock.js";
import { type Bot, createBot } from "../../bot/create-bot.js";
import type { Db } from "../../storage/db.js";
import { freshDb } from "./databases.js";
import { REPORT, silentLog } from "./test-bot.js";
import { waitUntil } from "./wait-until.js";

export type FakeClock = ReturnType<typeof fixedClock>;

/**
 * One conversation through each platform's fake, once as it should go and once with faults injected on a
 * fake clock: a rate limit with retry-after (Telegram 429, WeCom 45009), an outage of minutes (connections
 * reset), sends lost on the way until the call times out, and a kill and restart in the middle. What each
 * chat shows in the end must be what it shows without faults: every reply, each part once, in order; and
 * a chat whose sends are lost or limited does not hold up the other's answers.
 */
export type Chat = "A" | "B";
export type Fault =
  | "limit"
  | "outage"
  | "outage over"
  | "lost sends"
  | "lost sends over"
  | "kill and restart";
/** `answeredAtOnce`: the chat's last message was answered before the clock moved (no chat held up by another). */
export type Step = { say: [Chat, string] } | { wait: number } | { fault: Fault } | { answeredAtOnce: Chat };

/** A platform's fake and the bot on it, restartable on the same database. */
export interface FaultDriver {
  start(): Promise<void>;
  /** A message from the person who speaks in `chat`, stored and handled (its replies queued). */
  say(chat: Chat, text: string): Promise<void>;
  /** What the chat shows of the bot's messages, in order (as a member sees them). */
  seen(chat: Chat): string[];
  fault(fault: Fault): Promise<void>;
  bot(): Bot;
  stop(): Promise<void>;
}

export const CONVERSATION: Step[] = [
  { say: ["A", "帮助"] },
  { say: ["B", "帮助"] },
  { say: ["A", REPORT] },
  { fault: "limit" },
  { say: ["A", "进展 GY-0001 正在拆除"] },
  { say: ["B", "查询 GY-0001"] },
  { answeredAtOnce: "B" },
  // Long enough for the limits above to pass: WeCom's 45009 is a minute-level limit, then busy answers.
  { wait: 90_000 },
  { fault: "lost sends" },
  { say: ["B", "进度"] },
  { say: ["A", "查询 GY-0001"] },
  { answeredAtOnce: "A" },
  { fault: "outage" },
  { say: ["A", "逾期"] },
  { say: ["B", "查询 黄河"] },
  { wait: 6 * 60_000 },
  { fault: "kill and restart" },
  { say: ["A", "我的"] },
  { fault: "lost sends over" },
  { wait: 60_000 },
  { fault: "outage over" },
  { say: ["B", "逾期"] },
];

export type MakeFaultDriver = (db: Db, dir: string, clock: FakeClock) => Promise<FaultDriver>;

export async function runConversation(
  engine: "sqlite" | "postgres",
  make: MakeFaultDriver,
  withFaults: boolean,
  cleanup: (() => Promise<void>)[],
): Promise<{ A: string[]; B: string[] }> {
  const clock = fixedClock("2017-03-01T02:00:00.000Z");
  const fresh = await freshDb(engine);
  const d = await make(fresh.db, fresh.dir, clock);
  cleanup.push(async () => {
    await d.stop();
    await fresh.db.destroy();
  });
  await d.start();
  // Time moves in steps; each step, whatever is due goes out.
  const wait = async (ms: number) => {
    for (let t = 0; t < ms; t += 10_000) {
      clock.advance(10_000);
      await d.bot().outbox.drain();
    }
  };
  const before: Record<Chat, number> = { A: 0, B: 0 };
  for (const step of CONVERSATION) {
    if ("say" in step) {
      before[step.say[0]] = d.seen(step.say[0]).length;
      await d.say(...step.say);
    } else if ("answeredAtOnce" in step) {
      expect(d.seen(step.answeredAtOnce).length, `${step.answeredAtOnce} held up`).toBeGreaterThan(
        before[step.answeredAtOnce],
      );
    } else if ("wait" in step) await wait(step.wait);
    else if (withFaults || step.fault === "kill and restart") await d.fault(step.fault);
  }
  // Rounds until nothing is left to send (each retry's wait is under the 5-minute cap).
  for (
    let i = 0;
    i < 60 && (await fresh.db("outbox").whereIn("status", ["pending", "sending"])).length;
    i++
  ) {
    await wait(10_000);
  }
  return { A: d.seen("A"), B: d.seen("B") };
}

/** The bot a driver starts (and starts again after a kill) on the run's database and clock. */
export const newBot = (db: Db, dir: string, clock: FakeClock) =>
  createBot({
    db,
    dataDir: dir,
    clock,
    log: silentLog,
    settings: { campaignYear: 2017, botName: "整治助手" },
    outboxPollMs: 3_600_000,
  });

/** Polls (every 10 ms, about `tries` times) until `check` holds: waiting on an event, never a fixed time. */
export const until = (check: () => boolean | Promise<boolean>, tries = 500): Promise<boolean> =>
  waitUntil(check, tries * 10);

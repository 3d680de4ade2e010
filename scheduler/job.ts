import type { OutboundMessage, OutboundTarget } from "../base/message.js";
import type { Db } from "../storage/db.js";
import type { Period, PeriodKind } from "./periods.js";

/** One message a job wants sent. */
export interface ScheduledMessage {
  target: OutboundTarget;
  message: OutboundMessage;
}

/** What a job's run sees. */
interface JobContext {
  period: Period;
  /** The clock's now when the run started (the slot is `period.dueAt`). */
  now: Date;
  timezone: string;
  /** 'tick' (cron fired), 'catch-up' (missed, found at start), 'missed' (process was asleep), 'retry', 'manual'. */
  reason: RunReason;
}

export type RunReason = "tick" | "catch-up" | "missed" | "retry" | "manual";

/**
 * A timed job: when it fires (cron, in the scheduler's zone), how often it may run (once per
 * period), and what it says. `run` only computes messages; the scheduler sends them.
 *
 * @example
 *   const job: JobDefinition = {
 *     name: "ledger-reminder", cron: "0 9 23 * *", period: "month",
 *     run: async ({ period }) => [{ target: { platform: "wecom", chatId: "古荥镇" }, message: { kind: "text", text: "…" } }],
 *   };
 */
export interface JobDefinition {
  name: string;
  cron: string;
  period: PeriodKind;
  /** Grace for a missed run of this job; default: the scheduler's. */
  graceMs?: number;
  run(ctx: JobContext): Promise<ScheduledMessage[]> | ScheduledMessage[];
}

/** A message on its way out, with a key that is the same on every re-run of the period. */
export interface OutgoingMessage extends ScheduledMessage {
  /** `${job}:${bucket}:${target}:${n}` — give it to the outbox so a re-run can never send twice. */
  idempotencyKey: string;
}

/**
 * Where a run's messages go: the durable outbox (see outbox-hook.ts). Called once per run inside
 * the transaction that marks the run done, with `db` bound to that transaction — so messages are
 * queued exactly when the run is recorded as done.
 */
export type SendHook = (messages: OutgoingMessage[], ctx: { period: Period; db: Db }) => Promise<void>;

/** Minimal logger (pino's Logger fits). */
export interface SchedulerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type { Clock } from "../base/clock.js";

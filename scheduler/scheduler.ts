import { hostname } from "node:os";
import { createTask, type ScheduledTask } from "node-cron";
import type { Db } from "../storage/db.js";
import { graceFrom, mustCatchUp } from "./catch-up.js";
import type { Clock, JobDefinition, OutgoingMessage, RunReason, SchedulerLogger, SendHook } from "./job.js";
import { createJobRunStore } from "./job-runs.js";
import { buildClaimed, claimPeriod, LostClaimError, previewPush, slotNow } from "./period-run.js";
import { isSupportedCron, lastSlotAtOrBefore, type Period, periodOf } from "./periods.js";

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  jobs: JobDefinition[];
  /** Default Asia/Shanghai. */
  timezone?: string;
  /** How late a missed run may still go; undefined = until the end of the slot's day. */
  graceMs?: number;
  logger: SchedulerLogger;
  send: SendHook;
  /** Called after a run's messages are committed (point it at the outbox's kick()). */
  onQueued?: () => void;
  /** How long a claim is held before another instance may take it over. Default 10 minutes. */
  leaseMs?: number;
  /** Written into job_runs.owner, for the operator. */
  owner?: string;
  /** A failed run is tried again after this long (default 5 minutes), while inside its grace… */
  retryMs?: number;
  /** …up to this many attempts in all (default 3). */
  maxAttempts?: number;
  /** Told how each run ended (operator alerts: a failed or missed push, and the next one that went). */
  onRunEnd?: (event: RunEvent) => Promise<void> | void;
}

/** How a run ended: done, failed (tried again later while `willRetry`), or missed past its grace. */
export interface RunEvent {
  job: string;
  period: string;
  status: "done" | "failed" | "missed";
  error?: string;
  attempt?: number;
  willRetry?: boolean;
}

type RunOutcome =
  | { status: "sent"; period: Period; sent: number; messages: OutgoingMessage[] }
  | { status: "not-claimed"; period: Period }
  | { status: "failed"; period: Period; error: string };

/**
 * Runs each job at most once per period, across restarts and instances.
 *
 * @example
 *   const scheduler = createScheduler({ db, clock: { now: () => new Date() }, jobs, logger, send });
 *   await scheduler.start(); // registers the cron tasks and runs what was missed earlier today
 *   …
 *   await scheduler.stop();
 */
export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when no run is in flight (tests; graceful shutdown). */
  idle(): Promise<void>;
  /** 立即推送: runs the job's current period now, unless it already ran (then 'not-claimed'). */
  runNow(jobName: string): Promise<RunOutcome>;
  /** 推送预览: the messages the job would send now, without claiming or sending. */
  preview(jobName: string): Promise<OutgoingMessage[]>;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, clock, jobs, logger, send } = options;
  const timezone = options.timezone ?? "Asia/Shanghai";
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  const runs = createJobRunStore({ db });
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const retries = new Set<NodeJS.Timeout>();
  const retryMs = options.retryMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 3;
  let running = false;

  async function tell(event: RunEvent): Promise<void> {
    try {
      await options.onRunEnd?.(event);
    } catch (error) {
      logger.error({ job: event.job, err: error }, "scheduled run: onRunEnd failed");
    }
  }

  /** A slot past its grace with no run: recorded once (so /metrics counts it) and told. */
  async function missed(job: JobDefinition, slot: Date): Promise<void> {
    const period = periodOf(job.name, job.period, slot, timezone);
    const recorded = await runs
      .markMissed({ job: job.name, period: period.bucket, dueAt: slot, now: clock.now(), owner })
      .catch((error) => {
        logger.error({ job: job.name, err: error }, "missed run could not be recorded");
        return false;
      });
    if (recorded) await tell({ job: job.name, period: period.bucket, status: "missed" });
  }

  for (const job of jobs) {
    if (!isSupportedCron(job.cron))
      throw new Error(`job ${job.name}: unsupported cron expression "${job.cron}"`);
  }
  const byName = (name: string): JobDefinition => {
    const job = jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no such job: ${name}`);
    return job;
  };

  /** A scheduled run, a catch-up, a retry and runNow: the same claim → build → queue and complete as 立即推送's. */
  async function runSlot(job: JobDefinition, slot: Date, reason: RunReason): Promise<RunOutcome> {
    const claimed = await claimPeriod({ db, job, slot, clock, timezone, leaseMs, owner });
    const { period } = claimed;
    const log = { job: job.name, period: period.bucket, reason };
    if (claimed.status === "already") {
      logger.info(log, "scheduled run already claimed or done");
      return { status: "not-claimed", period };
    }
    const { claim } = claimed;
    try {
      const run = await buildClaimed({ job, claim, slot, clock, timezone, reason });
      const { messages } = run;
      // Queue the messages and mark the run done in one transaction: both or neither.
      await db.transaction((trx) => run.commit(trx, send));
      if (messages.length > 0) options.onQueued?.();
      logger.info({ ...log, sent: messages.length, attempt: claim.attempt }, "scheduled run done");
      await tell({ job: job.name, period: period.bucket, status: "done", attempt: claim.attempt });
      return { status: "sent", period, sent: messages.length, messages };
    } catch (error) {
      if (error instanceof LostClaimError) {
        // Our lease ran out and another instance took the run over: it sends, we queued nothing.
        logger.warn(log, "scheduled run lost its claim; left to the instance that took it over");
        return { status: "not-claimed", period };
      }
      const text = error instanceof Error ? error.message : String(error);
      await runs.fail(claim, clock.now(), text).catch(() => false);
      logger.error({ ...log, err: error, attempt: claim.attempt }, "scheduled run failed");
      const willRetry = running && claim.attempt < maxAttempts;
      await tell({
        job: job.name,
        period: period.bucket,
        status: "failed",
        error: text,
        attempt: claim.attempt,
        willRetry,
      });
      if (willRetry) {
        // A database hiccup at 09:00 should not cost the day's push: try again in a while.
        const timer = setTimeout(() => {
          retries.delete(timer);
          catchUp(job, slot, "retry");
        }, retryMs);
        retries.add(timer);
      }
      return { status: "failed", period, error: text };
    }
  }

  /** At start: the last slot went by while the bot was down, unless this job never ran (a fresh install). */
  async function missedWhileDown(job: JobDefinition, slot: Date): Promise<void> {
    const period = periodOf(job.name, job.period, slot, timezone);
    const known = await runs.hasRuns(job.name).catch(() => false);
    if (known && !(await runs.find(job.name, period.bucket).catch(() => undefined))) await missed(job, slot);
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  function guarded(job: JobDefinition, slot: Date, reason: RunReason): Promise<unknown> {
    return track(
      runSlot(job, slot, reason).catch((error) => {
        // The claim itself failed (database down): nothing was sent; the next start catches up.
        logger.error({ job: job.name, reason, err: error }, "scheduled run could not be claimed");
      }),
    );
  }

  function catchUp(job: JobDefinition, slot: Date, reason: RunReason): Promise<unknown> | undefined {
    const grace = graceFrom(job.graceMs ?? options.graceMs);
    if (!mustCatchUp(slot, clock.now(), grace, timezone)) {
      logger.warn(
        { job: job.name, slot: slot.toISOString(), reason },
        "missed run is past its grace; skipped",
      );
      return track(missed(job, slot));
    }
    return guarded(job, slot, reason);
  }

  return {
    async start() {
      if (running) return;
      running = true;
      for (const job of jobs) {
        const task = createTask(job.cron, (ctx) => guarded(job, ctx.date, "tick"), {
          timezone,
          name: `huanbao:${job.name}`,
          suppressMissedWarning: true,
        });
        // A heartbeat that came too late (the machine slept, the loop was blocked) is a missed slot.
        task.on("execution:missed", (ctx) => {
          catchUp(job, ctx.date, "missed");
        });
        await task.start();
        tasks.push(task);
      }
      const now = clock.now();
      const pending: Promise<unknown>[] = [];
      for (const job of jobs) {
        const slot = lastSlotAtOrBefore(job.cron, now, timezone);
        if (!slot) continue;
        const grace = graceFrom(job.graceMs ?? options.graceMs);
        if (mustCatchUp(slot, now, grace, timezone)) pending.push(guarded(job, slot, "catch-up"));
        else pending.push(track(missedWhileDown(job, slot)));
      }
      await Promise.all(pending);
    },
    async stop() {
      running = false;
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      for (const task of tasks.splice(0)) await task.destroy();
      await this.idle();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    runNow(jobName) {
      const job = byName(jobName);
      return track(runSlot(job, slotNow(job, clock, timezone), "manual"));
    },
    preview(jobName) {
      // The same preview as 推送预览's.
      return previewPush({ job: byName(jobName), clock, timezone });
    },
  };
}

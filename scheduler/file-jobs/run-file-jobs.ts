import { hostname } from "node:os";
import type { Clock } from "../../base/clock.js";
import { coalescingPoller } from "../../base/coalescing-poller.js";
import { BotError } from "../../base/errors.js";
import type { OutboundMessage } from "../../base/message.js";
import type { ProofPolicy } from "../../domain/photo-proof.js";
import { type Db, isSqlite } from "../../storage/db.js";
import { createFileJobsRepo, type FileJob } from "../../storage/file-jobs-repo.js";
import { createOutboxRepo } from "../../storage/outbox-repo.js";
import type { PhotoStore } from "../../storage/photo-store.js";
import type { SchedulerLogger } from "../job.js";
import { type FileJobResult, fileJobKind } from "./file-job-kinds.js";
import { type FileJobEnv, JobStopped } from "./file-job-types.js";

export interface FileJobRunnerDeps {
  db: Db;
  photos: PhotoStore;
  proof?: ProofPolicy;
  log: SchedulerLogger;
  /** Leases and retries (a job's own clock stands at its request). */
  clock: Clock;
  /** How long a job stays this process's unrenewed (default 60 s; renewed every third of it). */
  leaseMs?: number;
  /** How often to look for jobs another process left, or whose retry is due (default 10 s). */
  pollMs?: number;
  /** Tries in all before the asker is told it failed (default 3). */
  maxAttempts?: number;
  /** Something was queued in the outbox. */
  onQueued: () => void;
  /** How a push run by hand (立即推送) ended: the scheduler's onRunEnd (operator alerts). */
  onRunEnd?: FileJobEnv["runEnded"];
}

/** The job was taken over by another process (our lease ran out): it is theirs to finish. */
class LostJobError extends Error {}

const failedText = (what: string) => `生成${what}时出错，已记录，请稍后再试或联系管理员。`;

/**
 * Runs queued file jobs one at a time, in this process: claims the oldest (a guarded UPDATE, so one
 * process has it), builds it outside any transaction while renewing its lease, and queues its
 * messages in the outbox in the transaction that marks it done — so a job's result is queued exactly
 * once, however often it is built (a process that died is taken over when its lease runs out).
 */
export function createFileJobRunner(deps: FileJobRunnerDeps) {
  const { db, log } = deps;
  const repo = createFileJobsRepo(db);
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 3;
  const iso = (ms = 0) => new Date(deps.clock.now().getTime() + ms).toISOString();

  /** Queues messages: to the asking chat, or where each says. */
  async function queue(trx: Db, job: FileJob, messages: FileJobResult["messages"]) {
    const outbox = createOutboxRepo(trx);
    let n = 0;
    for (const m of messages) {
      await outbox.enqueue(m.key ?? `job:${job.id}:${n++}`, m.target ?? job.reply, m.message, iso());
    }
  }

  /** One step of a job in steps: its work and its progress (and what it says) in one transaction. */
  async function step<T>(
    job: FileJob,
    work: (trx: Db) => Promise<{ progress: T; say?: { key: string; text: string } }>,
  ): Promise<T> {
    let said = false;
    const progress = await db.transaction(async (trx) => {
      const done = await work(trx);
      if (!(await createFileJobsRepo(trx).saveProgress(job.id, owner, done.progress)))
        throw new LostJobError();
      if (done.say) {
        const message: OutboundMessage = { kind: "text", text: done.say.text };
        await queue(trx, job, [{ key: `job:${job.id}:${done.say.key}`, message }]);
        said = true;
      }
      return done.progress;
    });
    if (said) deps.onQueued();
    // better-sqlite3 answers at once, so a chain of steps would run as one long run of promise
    // callbacks and starve timers and sockets: each step ends with a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    return progress;
  }

  async function runJob(job: FileJob): Promise<void> {
    const kind = fileJobKind(job.kind);
    const what = kind?.what(job.args) ?? "文件";
    const renewal = setInterval(() => {
      repo
        .renew(job.id, owner, iso(leaseMs))
        .catch((err) => log.warn({ err, job: job.id }, "lease renewal failed"));
    }, leaseMs / 3);
    renewal.unref();
    try {
      if (!kind) throw new Error(`unknown file job kind ${job.kind}`);
      const requested = new Date(job.requestedAt);
      const result = await kind.build(job.args, {
        db,
        photos: deps.photos,
        clock: { now: () => requested },
        proof: deps.proof,
        job: { id: job.id, personId: job.personId, progress: job.progress },
        step: (work) => step(job, work),
        stopping: stopped,
        runEnded: deps.onRunEnd,
      });
      await db.transaction(async (trx) => {
        if (!(await createFileJobsRepo(trx).complete(job.id, owner, iso()))) throw new LostJobError();
        await result.commit?.(trx);
        await queue(trx, job, result.messages);
      });
      await Promise.resolve(result.after?.()).catch((err) =>
        log.error({ err, job: job.id }, "file job: after its commit failed"),
      );
      log.info({ job: job.id, kind: job.kind, attempt: job.attempts }, "file job done");
    } catch (error) {
      if (error instanceof LostJobError) {
        log.warn({ job: job.id }, "file job taken over by another process; left to it");
        return;
      }
      if (error instanceof JobStopped) {
        await repo.putBack(job.id, owner);
        log.info({ job: job.id }, "file job stopped between steps; the next start carries on");
        return;
      }
      await fail(job, kind, what, error);
    } finally {
      clearInterval(renewal);
    }
  }

  async function fail(
    job: FileJob,
    kind: ReturnType<typeof fileJobKind>,
    what: string,
    error: unknown,
  ): Promise<void> {
    const failed = kind?.failed;
    const reason = String((error as Error)?.stack ?? error);
    // The asker's mistake (a month that is no month, a case that is gone): their answer, not a retry.
    const answer = error instanceof BotError ? error.message : undefined;
    const giveUp = answer !== undefined || job.attempts >= maxAttempts;
    if (!giveUp) {
      await repo.release(job.id, owner, iso(), reason, iso(1000 * 2 ** job.attempts));
      log.warn({ job: job.id, err: error, attempt: job.attempts }, "file job failed; tried again later");
      return;
    }
    const released = await db.transaction(async (trx) => {
      if (!(await createFileJobsRepo(trx).release(job.id, owner, iso(), reason, null))) return false;
      const message: OutboundMessage = { kind: "text", text: answer ?? failed ?? failedText(what) };
      await queue(trx, job, [{ key: `job:${job.id}:failed`, message }]);
      return true;
    });
    if (released)
      await Promise.resolve(
        kind?.gaveUp?.(job.args, { db, clock: deps.clock, runEnded: deps.onRunEnd }, reason),
      ).catch((err) => log.error({ err, job: job.id }, "file job: giving up failed"));
    if (answer === undefined) log.error({ job: job.id, err: error }, "file job failed for good");
  }

  let building: Promise<void> | undefined;
  let freeAtStart = false;
  const poller = coalescingPoller({
    pollMs: deps.pollMs ?? 10_000,
    async pass() {
      // One SQLite file has one process: what a previous run left running is taken over at once.
      if (freeAtStart) {
        await repo.freeRunning();
        freeAtStart = false;
      }
      for (;;) {
        if (stopped()) return;
        const job = await repo.claimNext(iso(), iso(leaseMs), owner);
        if (!job) break;
        // Claimed as the process stops: left to run out its lease and be taken over.
        if (stopped()) return;
        building = runJob(job).finally(() => {
          building = undefined;
        });
        await building;
        deps.onQueued();
      }
    },
    // The database is failing: the next poll tries again.
    onError: (err) => log.warn({ err }, "file jobs could not be run"),
  });
  const stopped = () => poller.isStopped();

  return {
    /** Looks for due jobs now (after a message that queued one committed). */
    kick: poller.kick,
    /**
     * Runs jobs as they come; looks for jobs left by a process that died every `pollMs`. On SQLite
     * (one process) jobs the last run left running are taken over at once.
     */
    start(): void {
      freeAtStart = isSqlite(db);
      poller.start();
    },
    /** Resolves when no job is being built here. */
    idle: poller.idle,
    /**
     * Stops looking for jobs and waits for the one being built; not for a look that is still
     * waiting on the database (a database that is gone would hold the stop until its timeout).
     */
    async stop(): Promise<void> {
      poller.stop();
      await building?.catch(() => undefined);
    },
  };
}

export type FileJobRunner = ReturnType<typeof createFileJobRunner>;

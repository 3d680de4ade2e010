import { z } from "zod";
import type { OutboundTarget } from "../base/message.js";
import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";
import { sqlOf } from "./sql.js";

export const FILE_JOB_STATUSES = ["pending", "running", "done", "failed"] as const;
export type FileJobStatus = (typeof FILE_JOB_STATUSES)[number];

/** A file to build after the message that asked for it (storage of scheduler/file-jobs/). */
export interface FileJob {
  id: number;
  key: string;
  kind: string;
  args: Record<string, unknown>;
  reply: OutboundTarget;
  requestedAt: string;
  personId: number | null;
  inboundId: number | null;
  status: FileJobStatus;
  attempts: number;
  progress: unknown;
}

const targetSchema: z.ZodType<OutboundTarget> = z.object({
  platform: z.string(),
  chatId: z.string().optional(),
  userId: z.string().optional(),
  mentions: z.array(z.string()).optional(),
  replyTo: z.string().optional(),
});

const jobRow = rowSchema("file_jobs", {
  id: col.int,
  job_key: col.text,
  kind: col.text,
  args_json: col.json(z.record(z.string(), z.unknown())),
  reply_json: col.json(targetSchema),
  requested_at: col.text,
  person_id: col.int.nullable(),
  inbound_id: col.int.nullable(),
  status: z.enum(FILE_JOB_STATUSES),
  attempts: col.int,
  progress_json: col.json(z.unknown()).nullable(),
});
const idRow = rowSchema("file_jobs", { id: col.int });
const countRow = rowSchema("file_jobs", { n: col.count });

const toJob = (raw: unknown): FileJob => {
  const r = jobRow.parse(raw);
  return {
    id: r.id,
    key: r.job_key,
    kind: r.kind,
    args: r.args_json,
    reply: r.reply_json,
    requestedAt: r.requested_at,
    personId: r.person_id,
    inboundId: r.inbound_id,
    status: r.status,
    attempts: r.attempts,
    progress: r.progress_json,
  };
};

export function createFileJobsRepo(db: Db) {
  const sql = sqlOf(db);
  return {
    /** Queues a job (in the asking message's transaction); the same key twice queues it once. */
    async enqueue(job: {
      key: string;
      kind: string;
      args: Record<string, unknown>;
      reply: OutboundTarget;
      requestedAt: string;
      personId: number | null;
      inboundId: number | null;
      now: string;
    }): Promise<void> {
      await sql.run(
        `insert into file_jobs (job_key, kind, args_json, reply_json, requested_at, person_id, inbound_id, status, created_at)
         values (?, ?, ?, ?, ?, ?, ?, 'pending', ?) on conflict (job_key) do nothing`,
        [
          job.key,
          job.kind,
          JSON.stringify(job.args),
          JSON.stringify(job.reply),
          job.requestedAt,
          job.personId,
          job.inboundId,
          job.now,
        ],
      );
    },
    /**
     * Takes the oldest job to run: a pending one (whose retry time, if any, has come), or a running
     * one whose lease ran out (its worker died). The guarded UPDATE gives it to one worker; each
     * take counts an attempt.
     */
    async claimNext(now: string, leaseUntil: string, owner: string): Promise<FileJob | undefined> {
      const candidates = idRow.all(
        await sql.all(
          `select id from file_jobs where status in ('pending', 'running')
           and (lease_until is null or lease_until < ?) order by id limit 5`,
          [now],
        ),
      );
      for (const { id } of candidates) {
        const row = await sql.first(
          `update file_jobs set status = 'running', lease_until = ?, owner = ?, attempts = attempts + 1
           where id = ? and status in ('pending', 'running') and (lease_until is null or lease_until < ?)
           returning *`,
          [leaseUntil, owner, id, now],
        );
        if (row !== undefined) return toJob(row);
      }
      return undefined;
    },
    /**
     * SQLite's one process, at start: the jobs the last run was building (it was killed mid-build)
     * are no one's, so they are due now rather than when their lease runs out. Their old owner's
     * late completion is still refused (a new claim changes the owner).
     */
    async freeRunning(): Promise<number> {
      return sql.run("update file_jobs set lease_until = null where status = 'running'");
    },
    /** Keeps the job while it is being built; false when it was taken over meanwhile. */
    async renew(id: number, owner: string, leaseUntil: string): Promise<boolean> {
      const changed = await sql.run(
        "update file_jobs set lease_until = ? where id = ? and owner = ? and status = 'running'",
        [leaseUntil, id, owner],
      );
      return changed === 1;
    },
    /** Records how far a job that works in steps got (in the step's own transaction). */
    async saveProgress(id: number, owner: string, progress: unknown): Promise<boolean> {
      const changed = await sql.run(
        "update file_jobs set progress_json = ? where id = ? and owner = ? and status = 'running'",
        [JSON.stringify(progress), id, owner],
      );
      return changed === 1;
    },
    /**
     * Gives a job this process stopped in the middle (between two steps) back as it was before it was
     * taken: pending, due at once, its try not counted — the next start carries on from its progress.
     */
    async putBack(id: number, owner: string): Promise<boolean> {
      const changed = await sql.run(
        `update file_jobs set status = 'pending', lease_until = null, attempts = attempts - 1
         where id = ? and owner = ? and status = 'running'`,
        [id, owner],
      );
      return changed === 1;
    },
    /** Marks it done (in the transaction that queues its result); false when it is no longer ours. */
    async complete(id: number, owner: string, at: string): Promise<boolean> {
      const changed = await sql.run(
        "update file_jobs set status = 'done', finished_at = ?, lease_until = null where id = ? and owner = ? and status = 'running'",
        [at, id, owner],
      );
      return changed === 1;
    },
    /** Gives it back to be tried again from `retryAt` (pending), or gives up on it (failed). */
    async release(
      id: number,
      owner: string,
      at: string,
      error: string,
      retryAt: string | null,
    ): Promise<boolean> {
      const changed = await sql.run(
        `update file_jobs set status = ?, error = ?, lease_until = ?, finished_at = ?
         where id = ? and owner = ? and status = 'running'`,
        [retryAt ? "pending" : "failed", error.slice(0, 2000), retryAt, retryAt ? null : at, id, owner],
      );
      return changed === 1;
    },
    /** How many jobs are due now (pending, or running under a lease that ran out). */
    async dueCount(now: string): Promise<number> {
      const row = await sql.first(
        `select count(*) as n from file_jobs where status in ('pending', 'running')
         and (lease_until is null or lease_until < ?)`,
        [now],
      );
      return countRow.parse(row).n;
    },
    /** Deletes finished jobs (done or failed) that finished before `before`: their result was queued. */
    async prune(before: string): Promise<number> {
      return sql.run("delete from file_jobs where status in ('done', 'failed') and finished_at < ?", [
        before,
      ]);
    },
    async byKey(key: string): Promise<FileJob | undefined> {
      const row = await sql.first("select * from file_jobs where job_key = ?", [key]);
      return row === undefined ? undefined : toJob(row);
    },
  };
}

export type FileJobsRepo = ReturnType<typeof createFileJobsRepo>;

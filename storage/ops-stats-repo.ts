import type { Db } from "./db.js";
import { col, rowSchema } from "./row-schema.js";

const statusCount = rowSchema("inbound_messages", { status: col.text, n: col.count }, "status");
const outboxCount = rowSchema(
  "outbox",
  { platform: col.text, status: col.text, n: col.count, oldest: col.text.nullable() },
  "platform",
);
const jobCount = rowSchema("job_runs", { job: col.text, status: col.text, n: col.count }, "job");
const total = rowSchema("photos", { n: col.count }, "n");

export interface OpsStats {
  /** Inbound messages by status: pending (stored, not yet handled), done, failed. */
  inbound: Record<string, number>;
  /** Outbox messages not yet sent, by platform and status, with the oldest one's queuing time. */
  outbox: { platform: string; status: string; count: number; oldestCreatedAt: string | null }[];
  /** Scheduled runs by job and status (claimed, done, failed, missed). */
  jobRuns: { job: string; status: string; count: number }[];
  photos: number;
}

/**
 * The counts /metrics shows, read from the tables themselves so they survive restarts and agree
 * across instances. Each is one grouped query over an indexed status column (sent outbox rows,
 * kept for the record, are not counted).
 */
export async function readOpsStats(db: Db): Promise<OpsStats> {
  const inbound = statusCount.all(
    await db("inbound_messages").select("status").count({ n: "*" }).groupBy("status"),
  );
  const outbox = outboxCount.all(
    await db("outbox")
      .select("platform", "status")
      .count({ n: "*" })
      .min({ oldest: "created_at" })
      .whereIn("status", ["pending", "sending", "failed"])
      .groupBy("platform", "status"),
  );
  const jobs = jobCount.all(
    await db("job_runs").select("job", "status").count({ n: "*" }).groupBy("job", "status"),
  );
  const photos = total.parse(await db("photos").count({ n: "*" }).first());
  return {
    inbound: Object.fromEntries(inbound.map((r) => [r.status, r.n])),
    outbox: outbox.map((r) => ({
      platform: r.platform,
      status: r.status,
      count: r.n,
      oldestCreatedAt: r.oldest,
    })),
    jobRuns: jobs.map((r) => ({ job: r.job, status: r.status, count: r.n })),
    photos: photos.n,
  };
}

/** The database answers a trivial query (for /healthz). */
export async function databaseAnswers(db: Db): Promise<void> {
  await db.raw("select 1");
}

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { createJobRunStore } from "../scheduler/job-runs.js";
import { type Db, openDb } from "../storage/db.js";
import * as migration from "../storage/migrations/20261128-004-job-runs.js";

/** Two handles on one database, as two bot instances would have. */
interface Engine {
  name: string;
  open(): Promise<Db>;
}

const dir = mkdtempSync(join(tmpdir(), "job-runs-"));
// Random, not the pid: a schema left behind by a killed run on the shared server could carry the same pid.
const schema = `job_runs_test_${randomBytes(6).toString("hex")}`;
const engines: Engine[] = [{ name: "sqlite", open: () => openDb({ sqlitePath: join(dir, "runs.sqlite") }) }];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) engines.push({ name: "postgres", open: () => openDb({ databaseUrl: pgUrl, schema }) });

const opened: Db[] = [];
afterAll(async () => {
  // Dropped through a handle on this schema: opening the server's public schema would migrate it,
  // and fail there when another checkout has left newer migrations in it.
  if (pgUrl) {
    const db = await openDb({ databaseUrl: pgUrl, schema });
    await db.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.destroy();
  }
  for (const db of opened) await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const LEASE = 10 * 60_000;
const due = new Date("2017-03-23T01:00:00Z");
const t = (minutes: number) => new Date(due.getTime() + minutes * 60_000);

describe.each(engines)("job_runs on $name", (engine) => {
  let n = 0;
  const open = async () => {
    const db = await engine.open();
    opened.push(db);
    return db;
  };
  const job = () => `test-job-${++n}`;

  test("first claim wins; done is final; a second claim gets nothing", async () => {
    const runs = createJobRunStore({ db: await open() });
    const name = job();
    const claim = await runs.claim({ job: name, period: "2017-03", dueAt: due, now: t(0), leaseMs: LEASE });
    expect(claim).toMatchObject({ job: name, period: "2017-03", attempt: 1, takenOver: false });
    expect(
      await runs.claim({ job: name, period: "2017-03", dueAt: due, now: t(1), leaseMs: LEASE }),
    ).toBeNull();
    expect(await runs.complete(claim!, t(2), 14)).toBe(true);
    // Long after the lease: a finished run is never run again.
    expect(
      await runs.claim({ job: name, period: "2017-03", dueAt: due, now: t(600), leaseMs: LEASE }),
    ).toBeNull();
    expect(await runs.find(name, "2017-03")).toMatchObject({
      status: "done",
      attempts: 1,
      sentCount: 14,
      dueAt: "2017-03-23T01:00:00.000Z",
      finishedAt: t(2).toISOString(),
    });
    // Another period of the same job is its own run.
    expect(
      await runs.claim({ job: name, period: "2017-04", dueAt: due, now: t(1), leaseMs: LEASE }),
    ).not.toBeNull();
  });

  test("a claim older than its lease is taken over, and the old holder can no longer finish", async () => {
    const runs = createJobRunStore({ db: await open() });
    const name = job();
    const crashed = await runs.claim({
      job: name,
      period: "2017-W12",
      dueAt: due,
      now: t(0),
      leaseMs: LEASE,
    });
    expect(
      await runs.claim({ job: name, period: "2017-W12", dueAt: due, now: t(9), leaseMs: LEASE }),
    ).toBeNull();
    const next = await runs.claim({ job: name, period: "2017-W12", dueAt: due, now: t(11), leaseMs: LEASE });
    expect(next).toMatchObject({ attempt: 2, takenOver: true });
    expect(await runs.complete(crashed!, t(12), 3)).toBe(false);
    expect(await runs.complete(next!, t(12), 3)).toBe(true);
    expect(await runs.find(name, "2017-W12")).toMatchObject({
      status: "done",
      ticket: next!.ticket,
      attempts: 2,
    });
  });

  test("a failed run may be taken again (unless retryFailed is false)", async () => {
    const runs = createJobRunStore({ db: await open() });
    const name = job();
    const first = await runs.claim({
      job: name,
      period: "2017-03-21",
      dueAt: due,
      now: t(0),
      leaseMs: LEASE,
    });
    expect(await runs.fail(first!, t(1), "stats query failed")).toBe(true);
    expect(await runs.find(name, "2017-03-21")).toMatchObject({
      status: "failed",
      error: "stats query failed",
    });
    const req = { job: name, period: "2017-03-21", dueAt: due, now: t(2), leaseMs: LEASE };
    expect(await runs.claim({ ...req, retryFailed: false })).toBeNull();
    expect(await runs.claim(req)).toMatchObject({ attempt: 2, takenOver: true });
  });

  test("two instances racing for one period: exactly one claim", async () => {
    const a = createJobRunStore({ db: await open() });
    const b = createJobRunStore({ db: await open() });
    const name = job();
    const req = { job: name, period: "2017-03", dueAt: due, now: t(0), leaseMs: LEASE };
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim({ ...req, owner: `instance-${i % 2}` })),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // And racing to take over an expired claim: again exactly one.
    const later = { ...req, now: t(30) };
    const takeovers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(later)));
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    expect((await a.find(name, "2017-03"))?.attempts).toBe(2);
  });

  test("the migration goes down and up again", async () => {
    const db = await open();
    await migration.down(db);
    expect(await db.schema.hasTable("job_runs")).toBe(false);
    await migration.up(db);
    expect(await db.schema.hasTable("job_runs")).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { JobDefinition, SchedulerLogger } from "../scheduler/job.js";
import { createJobRunStore } from "../scheduler/job-runs.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { createScheduler, type Scheduler } from "../scheduler/scheduler.js";
import type { Db } from "../storage/db.js";
import { ENGINES, freshDb } from "./helpers/databases.js";

const silent: SchedulerLogger = { info() {}, warn() {}, error() {} };
const clock = { now: () => new Date() };

describe.each(ENGINES)("scheduler on %s", (engine) => {
  let dbs: Db[] = [];
  let reopen: (() => Promise<Db>) | undefined;
  let schedulers: Scheduler[] = [];
  /** What reached the real outbox table, across every instance. */
  async function queued(): Promise<{ key: string; message: { kind: string; text?: string } }[]> {
    const rows = await dbs[0]!("outbox").orderBy("id");
    return rows.map((r) => ({ key: r.idempotency_key, message: JSON.parse(r.message_json) }));
  }
  let runs = 0;

  const reminder: JobDefinition = {
    name: "ledger-reminder",
    cron: "0 9 23 * *",
    period: "month",
    run: ({ period }) => {
      runs++;
      return [
        {
          target: { platform: "console", chatId: "古荥镇群" },
          message: { kind: "text", text: `提醒 ${period.bucket}` },
        },
        {
          target: { platform: "console", chatId: "花园口镇群" },
          message: { kind: "text", text: `提醒 ${period.bucket}` },
        },
      ];
    },
  };

  async function instance(
    jobs: JobDefinition[] = [reminder],
    graceMs?: number,
    leaseMs?: number,
  ): Promise<Scheduler> {
    let db: Db;
    if (reopen) db = await reopen();
    else ({ db, reopen } = await freshDb(engine));
    dbs.push(db);
    const s = createScheduler({
      db,
      clock,
      jobs,
      timezone: "Asia/Shanghai",
      graceMs,
      leaseMs,
      logger: silent,
      send: outboxSendHook(clock),
    });
    schedulers.push(s);
    await s.start();
    return s;
  }

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    reopen = undefined;
    runs = 0;
  });

  afterEach(async () => {
    for (const s of schedulers) await s.stop();
    for (const db of dbs) await db.destroy();
    schedulers = [];
    dbs = [];
    vi.useRealTimers();
  });

  /** Moves fake time forward and lets every run it started finish. */
  async function advance(ms: number) {
    await vi.advanceTimersByTimeAsync(ms);
    for (const s of schedulers) await s.idle();
  }

  test("fires at 09:00 Shanghai on the 23rd, once, with stable keys", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:58:00Z"));
    await instance();
    await advance(60_000);
    expect(await queued()).toHaveLength(0);
    await advance(2 * 60_000);
    expect((await queued()).map((m) => [m.key, m.message])).toEqual([
      ["ledger-reminder:2017-03:console/古荥镇群/:1", { kind: "text", text: "提醒 2017-03" }],
      ["ledger-reminder:2017-03:console/花园口镇群/:1", { kind: "text", text: "提醒 2017-03" }],
    ]);
    // A month on, the next period.
    await advance(31 * 86_400_000);
    expect((await queued()).map((m) => m.key)).toContain("ledger-reminder:2017-04:console/古荥镇群/:1");
    expect(runs).toBe(2);
  });

  test("restart across 09:00 on the 23rd: the new instance catches up, exactly one run", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:55:00Z"));
    const first = await instance();
    await advance(60_000);
    await first.stop();
    await advance(10 * 60_000); // down over 09:00
    await instance();
    await advance(0);
    expect(runs).toBe(1);
    expect(await queued()).toHaveLength(2);
    // And restarting again the same day runs nothing more.
    await schedulers[1]!.stop();
    await advance(60 * 60_000);
    await instance();
    await advance(60_000);
    expect(runs).toBe(1);
  });

  test("restart right after the run: no second run", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:00Z"));
    const first = await instance();
    await advance(2 * 60_000);
    await first.stop();
    await instance();
    await advance(60_000);
    expect(runs).toBe(1);
  });

  test("two instances on one database: one run", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:00Z"));
    await instance();
    await instance();
    await advance(2 * 60_000);
    expect(runs).toBe(1);
    expect(await queued()).toHaveLength(2);
    const store = createJobRunStore({ db: dbs[0]! });
    expect(await store.list()).toMatchObject([{ job: "ledger-reminder", period: "2017-03", status: "done" }]);
  });

  test("a clock set back over 09:00 and a restart do not send again", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:00Z"));
    const first = await instance();
    await advance(2 * 60_000);
    await first.stop();
    vi.setSystemTime(new Date("2017-03-23T00:59:30Z"));
    await instance();
    await advance(2 * 60_000);
    expect(runs).toBe(1);
  });

  test("a machine asleep over 09:00 runs the slot when it wakes, the same day", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:00Z"));
    const reasons: string[] = [];
    await instance([
      {
        ...reminder,
        run: (ctx) => {
          reasons.push(ctx.reason);
          return reminder.run(ctx);
        },
      },
    ]);
    vi.setSystemTime(new Date("2017-03-23T01:30:00Z")); // the clock jumps; no timer fired meanwhile
    await advance(60_000);
    expect(reasons).toEqual(["missed"]);
    expect(await queued()).toHaveLength(2);
  });

  test("a run missed past its grace is not sent at start", async () => {
    vi.setSystemTime(new Date("2017-03-23T16:30:00Z")); // 00:30 on the 24th in Shanghai
    await instance();
    await advance(60_000);
    expect(runs).toBe(0);
  });

  test("graceMs narrows the catch-up window", async () => {
    vi.setSystemTime(new Date("2017-03-23T03:00:01Z")); // 2 h and 1 s late
    await instance([reminder], 2 * 3600_000);
    await advance(0);
    expect(runs).toBe(0);
  });

  test("a failing run is recorded, sends nothing, and is retried at the next start the same day", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:00Z"));
    let fail = true;
    const flaky: JobDefinition = {
      ...reminder,
      run: (ctx) => {
        if (fail) throw new Error("统计查询失败");
        return reminder.run(ctx);
      },
    };
    const first = await instance([flaky]);
    await advance(2 * 60_000);
    expect(await queued()).toHaveLength(0);
    const store = createJobRunStore({ db: dbs[0]! });
    expect(await store.find("ledger-reminder", "2017-03")).toMatchObject({
      status: "failed",
      error: "统计查询失败",
    });
    await first.stop();
    fail = false;
    await instance([flaky]);
    await advance(0);
    expect(await queued()).toHaveLength(2);
    expect(await store.find("ledger-reminder", "2017-03")).toMatchObject({ status: "done", attempts: 2 });
  });

  test("a failed run is retried after 5 minutes, at most 3 attempts in all", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:00Z"));
    let failures = 1;
    const flaky: JobDefinition = {
      ...reminder,
      run: (ctx) => {
        if (failures-- > 0) throw new Error("数据库连接中断");
        return reminder.run(ctx);
      },
    };
    await instance([flaky]);
    await advance(2 * 60_000);
    expect(await queued()).toHaveLength(0);
    await advance(5 * 60_000);
    expect(await queued()).toHaveLength(2);
    const store = createJobRunStore({ db: dbs[0]! });
    expect(await store.find("ledger-reminder", "2017-03")).toMatchObject({ status: "done", attempts: 2 });

    failures = 99;
    const broken: JobDefinition = { ...flaky, name: "always-broken" };
    await schedulers[0]!.stop();
    await instance([broken]);
    // Step by step: each retry is armed only once the previous attempt has failed.
    for (let i = 0; i < 6; i++) await advance(5 * 60_000);
    expect(await store.find("always-broken", "2017-03")).toMatchObject({ status: "failed", attempts: 3 });
  });

  test("runNow pushes the current period once; preview sends nothing", async () => {
    vi.setSystemTime(new Date("2017-03-10T02:00:00Z"));
    const s = await instance();
    const preview = await s.preview("ledger-reminder");
    expect(preview.map((m) => m.idempotencyKey)).toEqual([
      "ledger-reminder:2017-03:console/古荥镇群/:1",
      "ledger-reminder:2017-03:console/花园口镇群/:1",
    ]);
    expect(await queued()).toHaveLength(0);
    expect(await s.runNow("ledger-reminder")).toMatchObject({ status: "sent", sent: 2 });
    expect((await s.runNow("ledger-reminder")).status).toBe("not-claimed");
    // The 23rd's tick belongs to the same period: already pushed.
    await advance(14 * 86_400_000);
    expect(await queued()).toHaveLength(2);
  });

  test("a run that outlives its lease is taken over, and only the new holder's messages are queued", async () => {
    vi.setSystemTime(new Date("2017-03-23T00:59:59Z"));
    let release: () => void = () => {};
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const slow: JobDefinition = {
      ...reminder,
      run: async () => {
        if (++calls === 1) await stuck; // the first holder hangs (a stalled query, a paused VM)
        return [
          {
            target: { platform: "console", chatId: "古荥镇群" },
            message: { kind: "text", text: `第${calls}次` },
          },
        ];
      },
    };
    try {
      await instance([slow], undefined, 5_000);
      await vi.advanceTimersByTimeAsync(1_000); // 09:00: the first instance claims and hangs
      await vi.waitFor(() => expect(calls).toBe(1), { timeout: 2_000, interval: 10 });
      await vi.advanceTimersByTimeAsync(6_000); // its lease runs out
      await instance([slow], undefined, 5_000); // a second instance catches up and takes over
      await schedulers[1]!.idle();
      expect((await queued()).map((m) => m.message.text)).toEqual(["第2次"]);
    } finally {
      release(); // let the hung run end, whatever the assertions said, so the scheduler can stop
    }
    await schedulers[0]!.idle();
    expect((await queued()).map((m) => m.message.text)).toEqual(["第2次"]);
    const store = createJobRunStore({ db: dbs[0]! });
    expect(await store.find("ledger-reminder", "2017-03")).toMatchObject({ status: "done", attempts: 2 });
  });

  test("an unsupported cron is refused at creation", () => {
    expect(() =>
      createScheduler({
        db: {} as Db,
        clock,
        jobs: [{ ...reminder, cron: "0 9 * * 1#2" }],
        logger: silent,
        send: async () => {},
      }),
    ).toThrow(/unsupported cron/);
  });
});

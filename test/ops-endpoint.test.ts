import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import { createMetrics } from "../bot/ops/metrics.js";
import { startOpsServer } from "../bot/ops/ops-server.js";
import { createMemoryChat } from "./fakes/memory-chat.js";
import { solidPng } from "./fixtures/ledgers/png.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, silentLog } from "./helpers/test-bot.js";

// /healthz and /metrics over real HTTP, scraped while one of two platforms is down.

/** The value of one sample line of the Prometheus text format, e.g. name{label="x"}. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(ENGINES)("ops endpoint (%s)", (engine) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup() {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const clock = fixedClock("2026-03-02T01:00:00.000Z");
    const chat = createMemoryChat("memchat");
    const spare = createMemoryChat("spare");
    for (const c of [chat, spare]) c.useClock(() => clock.now());
    const bot = createBot({
      db: fresh.db,
      dataDir: fresh.dir,
      clock,
      log: silentLog,
      settings: { campaignYear: 2026, botName: "整治助手" },
      outboxPollMs: 60_000,
    });
    await bot.start([chat.platform, spare.platform]);
    const platforms = () => bot.platforms.values();
    const metrics = createMetrics({ db: fresh.db, clock, platforms, openAlerts: () => bot.alerts.open() });
    const ops = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      db: fresh.db,
      platforms,
      metrics,
      log: silentLog,
    });
    cleanup.push(
      () => fresh.db.destroy(),
      () => bot.stop(),
      () => ops.close(),
    );
    const get = async (path: string, method = "GET") => {
      const res = await fetch(`http://127.0.0.1:${ops.port}${path}`, { method });
      return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
    };
    return { ...fresh, clock, chat, bot, get };
  }

  test("a platform down: /healthz answers 503 saying which and why; /metrics shows it and its backlog", async () => {
    const { chat, bot, clock, get } = await setup();
    await chat.post("张三", GY_GROUP, REPORT);
    await chat.post("张三", GY_GROUP, { photo: solidPng(4, 4, [200, 30, 30]), caption: "GY-0001" });
    await bot.settle();
    expect((await get("/healthz")).status).toBe(200);

    chat.setDown(true);
    await chat.post("张三", GY_GROUP, "进度");
    await bot.settle();
    clock.advance(90_000);

    const health = await get("/healthz");
    expect(health.status).toBe(503);
    expect(health.type).toContain("application/json");
    const body = JSON.parse(health.text);
    expect(body).toMatchObject({
      status: "unhealthy",
      database: "ok",
      platforms: { memchat: { connected: false, reason: "连接被拒绝" }, spare: { connected: true } },
    });
    expect(body.reasons).toEqual([expect.stringMatching(/^memchat: 连接被拒绝 \(since 2026-03-02T01:00:00/)]);

    const metrics = await get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain("text/plain");
    const m = metrics.text;
    expect(sample(m, 'huanbao_platform_up{platform="memchat"}')).toBe(0);
    expect(sample(m, 'huanbao_platform_up{platform="spare"}')).toBe(1);
    expect(sample(m, 'huanbao_platform_state_seconds{platform="memchat"}')).toBe(90);
    expect(sample(m, 'huanbao_outbox_messages{platform="memchat",status="pending"}')).toBe(1);
    expect(sample(m, 'huanbao_outbox_messages{platform="memchat",status="failed"}')).toBe(0);
    expect(sample(m, 'huanbao_outbox_messages{platform="spare",status="pending"}')).toBe(0);
    expect(sample(m, 'huanbao_outbox_oldest_pending_age_seconds{platform="memchat"}')).toBe(90);
    expect(sample(m, 'huanbao_inbound_messages{status="done"}')).toBe(3);
    expect(sample(m, 'huanbao_inbound_messages{status="pending"}')).toBe(0);
    expect(sample(m, "huanbao_photos_stored")).toBe(1);
    expect(m).toContain("# TYPE huanbao_scheduled_runs gauge");
    expect(sample(m, "process_resident_memory_bytes")).toBeGreaterThan(0);

    chat.setDown(false);
    clock.advance(60_000);
    await bot.outbox.drain();
    expect((await get("/healthz")).status).toBe(200);
    const after = (await get("/metrics")).text;
    expect(sample(after, 'huanbao_outbox_messages{platform="memchat",status="pending"}')).toBe(0);
    expect(sample(after, 'huanbao_platform_up{platform="memchat"}')).toBe(1);
  });

  test("the database gone: /healthz answers 503 naming the database; other paths 404, writes 405", async () => {
    const { db, bot, get } = await setup();
    expect((await get("/nothing")).status).toBe(404);
    expect((await get("/healthz", "POST")).status).toBe(405);
    // The bot's pollers stop first: a connection one of them asks for while the pool is destroyed
    // keeps destroy() waiting out knex's 60 s acquire timeout (seen on a loaded machine).
    await bot.stop();
    await db.destroy();
    const health = await get("/healthz");
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({ status: "unhealthy", database: "down" });
    expect(JSON.parse(health.text).reasons[0]).toMatch(/^database: /);
  });
});

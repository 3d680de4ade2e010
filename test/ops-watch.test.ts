import { afterEach, describe, expect, test } from "vitest";
import { fixedClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import { createOpsWatch } from "../bot/ops/ops-watch.js";
import { createMemoryChat } from "./fakes/memory-chat.js";
import { freshDb } from "./helpers/databases.js";
import { seedDistrict, silentLog } from "./helpers/test-bot.js";

// What the operator hears without asking: a platform down longer than allowed, the disk nearly full.
// The watch runs against a real bot; the 管理员 (周管理) is on the platform that stays up.

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(minFreePercent = 0) {
  const fresh = await freshDb("sqlite");
  await seedDistrict(fresh.db, "spare");
  const clock = fixedClock("2026-03-02T01:00:00.000Z");
  const wecom = createMemoryChat("wecom");
  const spare = createMemoryChat("spare");
  for (const c of [wecom, spare]) c.useClock(() => clock.now());
  const bot = createBot({
    db: fresh.db,
    dataDir: fresh.dir,
    clock,
    log: silentLog,
    settings: { campaignYear: 2026, botName: "整治助手" },
    outboxPollMs: 60_000,
  });
  await bot.start([wecom.platform, spare.platform]);
  cleanup.push(
    () => fresh.db.destroy(),
    () => bot.stop(),
  );
  const disk = { path: fresh.dir, minFreePercent };
  const watch = createOpsWatch({
    platforms: () => bot.platforms.values(),
    alerts: bot.alerts,
    clock,
    log: silentLog,
    platformDownMs: 10 * 60_000,
    disk,
  });
  const toAdmin = async () => {
    await bot.settle();
    return spare.sent
      .filter((s) => s.target.userId === "周管理")
      .map((s) => (s.message as { text: string }).text);
  };
  return { clock, wecom, watch, disk, toAdmin };
}

describe("ops watch", () => {
  test("a platform down past the limit is told once, with how long and why; its return is told once", async () => {
    const { clock, wecom, watch, toAdmin } = await setup();
    wecom.setDown(true);
    clock.advance(9 * 60_000);
    await watch.check();
    expect(await toAdmin()).toEqual([]);
    clock.advance(2 * 60_000);
    await watch.check();
    clock.advance(60_000);
    await watch.check();
    expect(await toAdmin()).toEqual([
      "⚠️ 运行告警：企业微信连接中断\n已中断 11 分钟：连接被拒绝。期间该平台的消息收不到、回复发不出（回复会在恢复后补发）。\n恢复后另行通知，期间同类问题不再重复提醒。",
    ]);
    wecom.setDown(false);
    clock.advance(30 * 60_000);
    await watch.check();
    await watch.check();
    const told = await toAdmin();
    expect(told).toHaveLength(2);
    expect(told[1]).toBe("✅ 告警解除：企业微信连接中断\n持续 42 分钟，期间共 2 次。企业微信已恢复连接。");
  });

  test("a brief outage under the limit tells nobody", async () => {
    const { clock, wecom, watch, toAdmin } = await setup();
    wecom.setDown(true);
    clock.advance(5 * 60_000);
    await watch.check();
    wecom.setDown(false);
    await watch.check();
    expect(await toAdmin()).toEqual([]);
  });

  test("the data disk under its free-space floor is told with what is left; back above it, the all-clear", async () => {
    // The real disk of the test's folder: a floor of 100 % is always crossed, 0 % never.
    const { watch, disk, toAdmin } = await setup(100);
    await watch.check();
    await watch.check();
    const told = await toAdmin();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(
      /^⚠️ 运行告警：数据磁盘空间不足\n.+ 所在磁盘剩余 [\d.]+%（[\d.]+ GB）。磁盘写满后/,
    );
    disk.minFreePercent = 0;
    await watch.check();
    expect((await toAdmin())[1]).toMatch(
      /^✅ 告警解除：数据磁盘空间不足\n持续 1 分钟，期间共 2 次。现剩余 [\d.]+%/,
    );
  });
});

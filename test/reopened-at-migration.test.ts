import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { migrationSource } from "../storage/migrations/index.js";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

const MIGRATION = "20261129-024-reopened-at";

// A case reopened (反弹) before enterprises.reopened_at existed gets it from the audit history, so its
// earlier round's photo stops proving it the moment the bot is upgraded.
describe.each(ENGINES)("migration 024: reopened_at from the history (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];
  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("a case reopened before the upgrade has its last reopening; one never reopened has none", async () => {
    await t.say("张三", GY_GROUP, REPORT);
    await t.say("张三", GY_GROUP, REPORT.replace("黄河塑料加工厂", "东风砖厂"));
    t.clock.advance(3_600_000);
    await t.say("张三", GY_GROUP, { photo: await jpeg(60), caption: "GY-0001" });
    await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位");
    await t.say("李四", GY_GROUP, "销号 GY-0001");
    t.clock.advance(86_400_000);
    expect(await t.say("李四", GY_GROUP, "反弹 GY-0001 夜间恢复生产")).toContain("已重新立案");
    const reopenedAt = (await createRepos(db).enterprises.byCaseNo("GY-0001"))?.reopenedAt;
    expect(reopenedAt).toBe(t.clock.now().toISOString());

    await db.migrate.down({ migrationSource, name: MIGRATION });
    await db.migrate.up({ migrationSource, name: MIGRATION });

    const repos = createRepos(db);
    expect((await repos.enterprises.byCaseNo("GY-0001"))?.reopenedAt).toBe(reopenedAt);
    expect((await repos.enterprises.byCaseNo("GY-0002"))?.reopenedAt).toBeNull();
    expect(await t.say("张三", GY_GROUP, "进展 GY-0001 拆除到位")).toContain("不能证明本次整治");
  });
});

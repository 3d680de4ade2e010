import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runEscalations } from "../scheduler/supervision/escalation-run.js";
import { createSupervisionRepos } from "../storage/supervision-repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { DISTRICT_GROUP, seedSupervision } from "./helpers/supervision-district.js";
import { GY_GROUP, seedDistrict, startTestBot } from "./helpers/test-bot.js";

describe.each(ENGINES)("移交公安 and 移交区政府, tracked like 移交 (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Awaited<ReturnType<typeof freshDb>>["db"];

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    await seedSupervision(db, { 古荥镇: 2 });
    t = await startTestBot(db, fresh.dir);
  });
  afterEach(async () => {
    await t.bot.stop();
    await db.destroy();
  });

  test("handed over, listed, followed up and closed with a result; not in 附件2, no ladder", async () => {
    expect(await t.say("张三", GY_GROUP, "移交公安 GY-0001 偷排")).toContain("「移交公安」仅限区督查使用");
    expect(await t.say("王五", "@王五", "移交公安 GY-0001")).toContain("请写明移交的情况");
    let reply = await t.say("王五", "@王五", "移交公安 GY-0001 夜间偷排废液，已取证");
    expect(reply).toContain("✅ 已移交公安 YJ-0001：【GY-0001】古荥镇第1厂");
    expect(t.chat.lastIn(DISTRICT_GROUP)).toContain("📌 移交公安 YJ-0001（古荥镇）");
    expect(t.chat.lastIn(GY_GROUP)).toContain("情况：夜间偷排废液，已取证");
    reply = await t.say("王五", "@王五", "移交区政府 GY-0002 两次限期仍未拆除，镇政府未处理到位");
    expect(reply).toContain("✅ 已移交区政府 YJ-0002");

    reply = await t.say("李四", GY_GROUP, "移交");
    expect(reply).toContain("古荥镇未销号移交问题 2 件");
    expect(reply).toContain(
      "移交公安 YJ-0001【GY-0001】古荥镇第1厂（古荥镇）\n  情况：夜间偷排废液，已取证 · 办理中",
    );
    expect(reply).toContain("移交区政府 YJ-0002【GY-0002】");

    reply = await t.say("王五", "@王五", "反馈 YJ-0001 已立案侦查");
    expect(reply).toContain("已记录 移交公安 YJ-0001【GY-0001】古荥镇第1厂（古荥镇） 的办理情况：已立案侦查");
    expect(await createSupervisionRepos(db).transfers.madeUntil()).toEqual([]);
    t.clock.set("2017-05-01T02:00:00.000Z");
    const queued = await runEscalations({ db, clock: t.clock });
    expect(queued.map((q) => (q.message as { text: string }).text).join("\n")).not.toContain("YJ-000");

    expect(await t.say("王五", "@王五", "移交销号 YJ-0001")).toContain("请写明办理结果");
    reply = await t.say("王五", "@王五", "移交销号 YJ-0001 已行政拘留2人");
    expect(reply).toContain("✅ 移交公安 YJ-0001【GY-0001】古荥镇第1厂（古荥镇） 已办结销号：已行政拘留2人");
    reply = await t.say("赵六", "@赵六", "查询 GY-0001");
    expect(reply).toContain("王五 移交公安：YJ-0001 夜间偷排废液，已取证");
    expect(reply).toContain("王五 移交进展：YJ-0001 已立案侦查");
    expect(reply).toContain("王五 移交销号：YJ-0001 已行政拘留2人");
    // The case itself is untouched: the town still answers for its rectification.
    expect(reply).toContain("完成情况：待整治");
  });
});

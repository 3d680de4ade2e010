import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createCampaignJobs } from "../scheduler/campaign-jobs.js";
import { outboxSendHook } from "../scheduler/outbox-hook.js";
import { createScheduler, type Scheduler } from "../scheduler/scheduler.js";
import type { Db } from "../storage/db.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { ledgerRowsOf } from "./helpers/ledger-cells.js";
import { jpeg } from "./helpers/photos.js";
import { GY_GROUP, REPORT, seedDistrict, silentLog, startTestBot } from "./helpers/test-bot.js";

const DISTRICT = "区级工作群";
const LEADERS = "领导小组群";

/** 报送 by the 23rd: 工作台账电子版, 盖章件 and 工作总结; and the 2月28日 排查 milestone. */
describe.each(ENGINES)("报送 (%s)", (engine) => {
  let t: Awaited<ReturnType<typeof startTestBot>>;
  let db: Db;
  let scheduler: Scheduler;

  beforeEach(async () => {
    const fresh = await freshDb(engine);
    db = fresh.db;
    await seedDistrict(db);
    t = await startTestBot(db, fresh.dir, { start: "2017-03-01T02:00:00.000Z" });
    await t.say("周管理", DISTRICT, "绑定 区级");
    await t.say("周管理", LEADERS, "绑定 领导");
    await t.say("张三", GY_GROUP, REPORT);
    scheduler = createScheduler({
      db,
      clock: t.clock,
      jobs: createCampaignJobs({ db, campaignYear: 2017, timezone: "Asia/Shanghai" }),
      logger: silentLog,
      send: outboxSendHook(t.clock),
      onQueued: () => t.bot.outbox.kick(),
    });
  });
  afterEach(async () => {
    await scheduler.stop();
    await t.bot.stop();
    await db.destroy();
  });

  const push = async (job: string) => {
    await scheduler.runNow(job);
    await t.bot.settle();
  };
  const submitted = async () => Number((await db("ledger_submissions").count({ n: "*" }).first())?.n);

  test("报送情况 and 报送了吗 are questions: they record nothing, and say what is missing", async () => {
    t.clock.set("2017-03-20T02:00:00.000Z");
    let reply = await t.say("李四", GY_GROUP, "报送情况");
    expect(reply).toBe(
      "【台账报送情况】2017年3月（截至3月20日 10:00）\n古荥镇：电子版 未交 · 盖章件 未交 · 工作总结 未交（尚缺：排查台账电子版、盖章件、工作总结）",
    );
    reply = await t.say("张三", GY_GROUP, "报送了吗");
    expect(reply).toContain("古荥镇：电子版 未交");
    expect(await t.say("李四", GY_GROUP, "报送 一下")).toContain("确认报送请只发送「报送」二字");
    expect(await submitted()).toBe(0);

    // District roles see every town.
    reply = await t.say("赵六", "@赵六", "报送情况");
    expect(reply).toContain("报送齐全 0 个。");
    expect(reply).toContain("尚未齐全 8 个：");
    expect(reply).toContain("· 花园口镇：电子版 未交");
  });

  test("电子版 by 报送, 盖章件 as a photo or PDF, 工作总结 as text or a file: 报送情况 shows each", async () => {
    t.clock.set("2017-03-20T02:00:00.000Z");
    let reply = await t.say("李四", GY_GROUP, "报送");
    expect(reply).toContain("✅ 已记录：古荥镇3月工作台账已报送（3月20日，李四）。");
    expect(reply).toContain("尚缺：盖章件、工作总结。");
    expect(t.chat.filesIn(GY_GROUP).at(-1)?.fileName).toBe(
      "古荥镇小散乱污企业排查台账（2017年3月20日）.xlsx",
    );
    expect(await submitted()).toBe(1);

    t.clock.set("2017-03-21T02:00:00.000Z");
    reply = await t.say("李四", GY_GROUP, { photo: await jpeg(80), caption: "3月盖章件" });
    expect(reply).toContain("📎 已收到古荥镇3月盖章件（照片）。");
    expect(reply).toContain("本月报送尚缺：工作总结。");
    reply = await t.say("李四", GY_GROUP, {
      file: Buffer.from("%PDF-1.4\n%%EOF\n"),
      fileName: "古荥镇3月台账.pdf",
    });
    expect(reply).toContain("📎 已收到古荥镇3月盖章件（古荥镇3月台账.pdf）。");
    expect(await t.say("李四", GY_GROUP, "工作总结")).toContain("请在「工作总结」后写明内容");

    t.clock.set("2017-03-22T02:00:00.000Z");
    reply = await t.say("张三", GY_GROUP, {
      file: Buffer.from("PK\u0003\u0004…"),
      fileName: "3月工作总结.docx",
    });
    expect(reply).toContain("📎 已收到古荥镇3月工作总结（3月工作总结.docx）。");
    expect(reply).toContain("古荥镇3月台账报送齐全（电子版、盖章件、工作总结）。");
    expect(await t.say("李四", GY_GROUP, "报送情况")).toContain(
      "古荥镇：电子版 3月20日 · 盖章件 3月21日 · 工作总结 3月22日（齐全）",
    );

    // The evening push to the district says the same, town by town.
    t.clock.set("2017-03-23T10:00:00.000Z");
    await push("submission-status");
    const status = t.chat.lastIn(DISTRICT);
    expect(status).toContain("报送齐全 1 个：古荥镇");
    expect(status).toContain("· 花园口镇：电子版 未交 · 盖章件 未交 · 工作总结 未交");
  });

  test("a summary written in chat counts; people of another town cannot send for this one", async () => {
    t.clock.set("2017-03-22T02:00:00.000Z");
    const reply = await t.say("李四", GY_GROUP, "工作总结 本月排查企业1家，已上报1家，正在推进拆除。");
    expect(reply).toContain("📎 已收到古荥镇3月工作总结（文字");
    expect(await t.say("钱七", GY_GROUP, "工作总结 代报")).toContain("您不属于古荥镇");
  });

  test("the 23rd's reminder comes with the town's ledger", async () => {
    t.clock.set("2017-03-23T01:00:00.000Z");
    await push("ledger-reminder");
    expect(t.chat.textsIn(GY_GROUP).at(-1)).toContain("附件为本镇（办）当前台账");
    const file = t.chat.filesIn(GY_GROUP).at(-1);
    expect(file?.fileName).toBe("古荥镇小散乱污企业排查台账（2017年3月23日）.xlsx");
    const rows = await ledgerRowsOf(file!.bytes);
    expect(rows.map((r) => r[2])).toEqual(["黄河塑料加工厂"]);
  });

  test("排查完成 by the 28th of February: declared by the town admin, the bulletins name who has not", async () => {
    t.clock.set("2017-02-20T02:00:00.000Z");
    expect(await t.say("张三", GY_GROUP, "排查完成 3")).toContain("「排查完成」仅限");
    expect(await t.say("李四", GY_GROUP, "排查完成")).toContain("请写明排查出的企业数");
    let reply = await t.say("李四", GY_GROUP, "排查完成 3家");
    expect(reply).toContain("✅ 已记录：古荥镇排查完成，排查出 3 家（在册 1 家）。");
    expect(reply).toContain("⚠️ 尚有 2 家未上报");

    t.clock.set("2017-02-27T01:00:00.000Z"); // Monday
    await push("weekly-bulletin");
    const bulletin = t.chat.textsIn(LEADERS).find((x) => x.startsWith("【周通报】"))!;
    expect(bulletin).toContain("2月28日前完成排查，尚未报“排查完成”的 7 个：花园口镇");
    expect(bulletin).not.toMatch(/尚未报“排查完成”.*古荥镇/);

    t.clock.set("2017-03-01T01:00:00.000Z");
    await push("monthly-summary");
    expect(t.chat.lastIn(LEADERS)).toContain("排查逾期未报完成（期限2月28日）7 个");
    reply = await t.say("李四", GY_GROUP, "排查完成 1");
    expect(reply).toContain("（原报 3 家，2017-02-20）");
  });
});

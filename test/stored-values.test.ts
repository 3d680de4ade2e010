import { afterEach, describe, expect, test } from "vitest";
import { createRepos } from "../storage/repos.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

/**
 * Rows the code cannot read as it expects — written by an older version before a deploy, or by hand —
 * are refused at the repository's edge with the table, column and row named, never passed on as a
 * silently wrong value; a queued message or a stored message in such a shape is set aside and the
 * others go on.
 */
describe.each(ENGINES)("stored values are checked where they are read (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup() {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    cleanup.push(() => fresh.db.destroy());
    return fresh;
  }

  test("an outbox row in another version's shape is set aside, named; the next reply still goes out", async () => {
    const { db, dir } = await setup();
    const now = "2017-03-01T02:00:00.000Z";
    const target = JSON.stringify({ platform: "memchat", chatId: GY_GROUP });
    const [old] = await db("outbox")
      .insert({
        idempotency_key: "from-an-older-version",
        platform: "memchat",
        target_json: target,
        message_json: JSON.stringify({ type: "text", body: "旧格式的消息" }),
        status: "pending",
        next_attempt_at: now,
        created_at: now,
      })
      .returning("id");
    await createRepos(db).outbox.enqueue(
      "current",
      { platform: "memchat", chatId: "区级工作群" },
      { kind: "text", text: "新格式的消息" },
      now,
    );

    const t = await startTestBot(db, dir);
    cleanup.push(() => t.bot.stop());
    await t.bot.outbox.drain();

    expect(t.chat.sent.map((s) => s.message)).toEqual([{ kind: "text", text: "新格式的消息" }]);
    const row = await db("outbox").where({ idempotency_key: "from-an-older-version" }).first();
    expect(row.status).toBe("failed");
    expect(row.last_error).toContain(`outbox.message_json.kind of row ${old.id}`);
  });

  test("a stored message in another shape is set aside at start; the others are handled", async () => {
    const { db, dir } = await setup();
    const inbound = {
      platform: "memchat",
      chat_external_id: GY_GROUP,
      chat_kind: "group",
      chat_title: GY_GROUP,
      sender_external_id: "张三",
      received_at: "2017-03-01T01:00:00.000Z",
      status: "pending",
    };
    const [bad] = await db("inbound_messages")
      .insert({ ...inbound, message_id: "old", kind: "location", location_json: '{"latitude":34.8}' })
      .returning("id");
    await db("inbound_messages").insert({ ...inbound, message_id: "good", kind: "text", text: REPORT });

    const t = await startTestBot(db, dir);
    cleanup.push(() => t.bot.stop());
    await t.bot.settle();

    expect(t.chat.textsIn(GY_GROUP)).toEqual([expect.stringContaining("✅ 已上报 GY-0001")]);
    const row = await db("inbound_messages").where({ id: bad.id }).first();
    expect(row.status).toBe("failed");
    expect(row.error).toContain(`inbound_messages.location_json.lat of row ${bad.id}`);
  });

  test("a draft in another shape is refused with its table, column and row", async () => {
    const { db } = await setup();
    const person = await db("persons").where({ name: "张三" }).first();
    const [draft] = await db("drafts")
      .insert({
        person_id: person.id,
        chat_key: "memchat:x",
        fields_json: JSON.stringify({ 企业名称: "黄河塑料加工厂" }),
        updated_at: "2017-03-01T02:00:00.000Z",
      })
      .returning("id");
    await expect(createRepos(db).drafts.get(person.id, "memchat:x")).rejects.toThrow(
      `stored drafts.fields_json of row ${draft.id} is unreadable`,
    );
  });

  test("an enterprise whose state is not one of the campaign's is refused when read, named", async () => {
    const { db } = await setup();
    const repos = createRepos(db);
    const town = await repos.towns.byName("古荥镇");
    const e = await repos.enterprises.insert(
      {
        caseNo: "GY-0001",
        townId: town?.id ?? 0,
        name: "黄河塑料加工厂",
        nameKey: "黄河塑料加工厂",
        village: "黄河村",
        type: "小散乱污",
        scale: "12人",
        materials: "废旧塑料",
        waterAir: "涉气",
        permits: "无",
        requirement: "限期拆除",
        deadline: "2017-03-31",
        responsible: "张三",
        remarks: null,
        state: "待整治",
        siteLat: null,
        siteLng: null,
        reportedAt: "2017-03-01T02:00:00.000Z",
        reportedOn: "2017-03-01",
        reportedBy: null,
      },
      "古荥镇",
    );
    // As a row written before the database checked its states would be (the check set aside).
    if (engine === "sqlite") {
      await db.raw("PRAGMA ignore_check_constraints = ON");
      await db("enterprises").where({ id: e.id }).update({ state: "已完成" });
      await db.raw("PRAGMA ignore_check_constraints = OFF");
    } else {
      await db.raw("alter table enterprises drop constraint enterprises_state_check");
      await db("enterprises").where({ id: e.id }).update({ state: "已完成" });
    }
    await expect(repos.enterprises.byId(e.id)).rejects.toThrow(
      `stored enterprises.state of row ${e.id} is unreadable`,
    );
  });
});

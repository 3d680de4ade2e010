import { afterEach, describe, expect, test } from "vitest";
import type { InboundMessage } from "../base/message.js";
import { ENGINES, freshDb } from "./helpers/databases.js";
import { GY_GROUP, REPORT, seedDistrict, startTestBot } from "./helpers/test-bot.js";

// Issue 13: what platforms send (a Telegram title of 128 characters, long sender and file names) is
// stored on both engines alike, and one message the database refuses does not lose its burst.
describe.each(ENGINES)("a burst of inbound messages (%s)", (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup() {
    const fresh = await freshDb(engine);
    await seedDistrict(fresh.db);
    const t = await startTestBot(fresh.db, fresh.dir);
    cleanup.push(async () => {
      await t.bot.stop();
      await fresh.db.destroy();
    });
    return { ...fresh, ...t };
  }

  const message = (id: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
    platform: "memchat",
    messageId: id,
    chat: { id: GY_GROUP, kind: "group", title: GY_GROUP },
    sender: { id: "张三", name: "张三" },
    kind: "text",
    text: "我的",
    receivedAt: new Date("2017-03-01T02:00:00Z"),
    ...over,
  });

  test("a 128-character chat title, a long sender name and file name are stored and answered", async () => {
    const { bot, chat, db } = await setup();
    const title = `古荥镇${"整治工作群".repeat(25)}`.slice(0, 128);
    const chatWithTitle = { chat: { id: GY_GROUP, kind: "group" as const, title } };
    const burst = [
      message("t1", { ...chatWithTitle, text: REPORT }),
      message("t2", { ...chatWithTitle, sender: { id: "张三", name: "张".repeat(100) } }),
      message("t3", {
        ...chatWithTitle,
        kind: "file",
        text: undefined,
        media: { bytes: Buffer.from("not a spreadsheet"), fileName: `${"台账".repeat(150)}.txt` },
      }),
    ];
    // Arriving together: stored in one statement.
    const stored = await Promise.all(burst.map((m) => bot.pipeline.receive(m)));
    expect(stored).toEqual([true, true, true]);
    await bot.settle();
    expect(chat.textsIn(GY_GROUP).join("\n")).toContain("✅ 已上报 GY-0001");
    expect(await db("inbound_messages").where({ message_id: "t1" }).first()).toMatchObject({
      chat_title: title,
    });
    expect((await db("chats").where({ external_id: GY_GROUP }).first())?.title).toBe(title);
    expect(await db("inbound_messages").whereNot({ status: "done" })).toEqual([]);
  });

  test("one message the database refuses is refused alone; the rest of the burst is stored and answered", async () => {
    const { bot, chat } = await setup();
    const bad = message("bad", { sender: { id: null as unknown as string } });
    const results = await Promise.allSettled(
      [message("ok1", { text: REPORT }), bad, message("ok2")].map((m) => bot.pipeline.receive(m)),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await bot.settle();
    const texts = chat.textsIn(GY_GROUP).join("\n");
    expect(texts).toContain("✅ 已上报 GY-0001");
    expect(texts).toContain("GY-0001"); // 我的 lists the case just reported
  });
});

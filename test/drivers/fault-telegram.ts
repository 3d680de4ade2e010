import type { Bot } from "../../bot/create-bot.js";
import { createTelegramPlatform } from "../../bot/platforms/telegram/telegram-platform.js";
import type { Db } from "../../storage/db.js";
import { startFakeTelegram } from "../fakes/fake-telegram.js";
import { groupText, ids } from "../fakes/fake-telegram-updates.js";
import { type Chat, type FakeClock, type FaultDriver, newBot } from "../helpers/fault-run.js";
import { seedDistrict, silentLog } from "../helpers/test-bot.js";

/** Telegram: the town group (张三) and 赵六's private chat, telegraf long polling against the fake Bot API. */
export async function telegramDriver(db: Db, dir: string, clock: FakeClock): Promise<FaultDriver> {
  const DIRECTOR = { id: 5087654321, is_bot: false as const, first_name: "六", last_name: "赵" };
  const chats: Record<Chat, string> = { A: String(ids.townGroup), B: String(DIRECTOR.id) };
  const fake = await startFakeTelegram();
  await seedDistrict(db, "telegram", {
    accounts: { 张三: String(ids.inspector), 赵六: String(DIRECTOR.id) },
    group: { id: chats.A, title: "古荥镇环保群" },
  });
  let bot: Bot | undefined;
  let release: (() => void) | undefined;
  let messageId = 500;
  const start = async () => {
    bot = newBot(db, dir, clock);
    const telegram = createTelegramPlatform(
      { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
      // A lost send is given up after 2 s; shorter, a loaded machine times out sends that did arrive
      // (Telegram has no deduplication: that would show a reply twice).
      { logger: silentLog, clock: () => clock.now(), callTimeoutMs: 2000 },
    );
    await bot.start([telegram]);
  };
  return {
    start,
    async say(chat, text) {
      const update = groupText(text, messageId++);
      if (chat === "B") {
        update.message.from = { ...DIRECTOR };
        update.message.chat = {
          id: DIRECTOR.id,
          first_name: "六",
          type: "private",
        } as typeof update.message.chat;
      }
      fake.pushUpdate(update);
      for (let i = 0; i < 500 && fake.unconfirmed() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      await bot?.settle();
    },
    seen: (chat) => fake.sent.filter((s) => s.chatId === chats[chat]).map((s) => s.visibleText ?? ""),
    async fault(fault) {
      if (fault === "limit")
        fake.failNext(
          "sendMessage",
          {
            error_code: 429,
            description: "Too Many Requests: retry after 30",
            parameters: { retry_after: 30 },
          },
          chats.A,
        );
      else if (fault === "lost sends") release = fake.stall("sendMessage", chats.B);
      else if (fault === "lost sends over") release?.();
      else if (fault === "outage") fake.setOutage("reset");
      else if (fault === "outage over") fake.setOutage(null);
      else {
        await bot?.stop();
        await start();
      }
    },
    bot: () => bot!,
    async stop() {
      release?.();
      await bot?.stop();
      await fake.close();
    },
  };
}

import type { Bot } from "../../bot/create-bot.js";
import { createTelegramPlatform } from "../../bot/platforms/telegram/telegram-platform.js";
import { startFakeTelegram } from "../fakes/fake-telegram.js";
import { groupPhoto, groupText, ids } from "../fakes/fake-telegram-updates.js";
import type { ChatDriver, Speaker } from "../helpers/conversation-suite.js";
import { silentLog } from "../helpers/test-bot.js";

/** 赵六 as Telegram would name him in an update's `from`. */
const DIRECTOR = {
  id: 5087654321,
  is_bot: false,
  first_name: "六",
  last_name: "赵",
  language_code: "zh-hans",
};

/** Telegram through telegraf long polling against the fake Bot API; both people speak in the town group. */
export async function makeTelegramDriver(): Promise<ChatDriver> {
  const fake = await startFakeTelegram();
  let bot: Bot | undefined;
  let messageId = 200;
  /** The update as the inspector would send it, re-addressed to the speaker. */
  const push = (from: Speaker, update: ReturnType<typeof groupText>) => {
    if (from === "director") update.message.from = { ...DIRECTOR };
    fake.pushUpdate(update);
  };
  return {
    platform: "telegram",
    inspectorId: String(ids.inspector),
    directorId: String(DIRECTOR.id),
    townGroupId: String(ids.townGroup),
    hasGroups: true,
    mention: `@${fake.username}`,
    knowsMentions: true,
    async start(b, clock) {
      bot = b;
      const telegram = createTelegramPlatform(
        { token: fake.token, apiRoot: fake.apiRoot, mode: "polling" },
        { logger: silentLog, clock: () => clock.now() },
      );
      await b.start([telegram]);
    },
    async stop() {
      await bot?.stop();
      await fake.close();
    },
    async sendText(from, text) {
      push(from, groupText(text, messageId++));
    },
    async sendPhoto(from, jpeg) {
      const sizes = [
        fake.addFile(Buffer.from("thumb")),
        fake.addFile(Buffer.from("mid")),
        fake.addFile(jpeg),
      ];
      push(from, groupPhoto(sizes as [string, string, string], undefined, messageId++));
    },
    replies: () =>
      fake.sent.filter((s) => s.chatId === String(ids.townGroup)).map((s) => s.visibleText ?? s.text ?? ""),
  };
}

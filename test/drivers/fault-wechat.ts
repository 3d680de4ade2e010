import type { EventEmitter } from "node:events";
import { types } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import type { Bot } from "../../bot/create-bot.js";
import { createWechatPlatform } from "../../bot/platforms/wechat/wechat-platform.js";
import type { Db } from "../../storage/db.js";
import { type Chat, type FakeClock, type FaultDriver, newBot, until } from "../helpers/fault-run.js";
import { seedDistrict, silentLog } from "../helpers/test-bot.js";

const IDS = {
  self: "wxid_zhengzhi01",
  inspector: "wxid_zhangsan01",
  director: "wxid_zhaoliu01",
  room: "20261128001@chatroom",
};

/**
 * Personal WeChat through wechaty on wechaty-puppet-mock: 张三 in the town's room (A), 赵六 in a private
 * chat (B). WeChat has no rate-limit answer nor retry-after: its faults are the puppet's own — a send
 * that fails (the phone's connection drops), a send that never answers (held until the outbox's timeout
 * gives it up; then it fails), an outage of every send, and the bot killed and started again.
 */
export async function wechatDriver(db: Db, dir: string, clock: FakeClock): Promise<FaultDriver> {
  await seedDistrict(db, "wechat", {
    accounts: { 张三: IDS.inspector, 赵六: IDS.director },
    group: { id: IDS.room, title: "古荥镇环保群" },
  });
  const seen: Record<Chat, string[]> = { A: [], B: [] };
  let inspector: mock.ContactMock | undefined;
  let director: mock.ContactMock | undefined;
  let self: mock.ContactMock | undefined;
  let room: mock.RoomMock | undefined;
  let bot: Bot | undefined;
  let failOnce: string | undefined;
  let outage = false;
  const held: Array<() => void> = [];
  let holdFor: string | undefined;
  const start = async () => {
    bot = newBot(db, dir, clock);
    // A mocker serves one puppet: a restart is a new one with the same ids (as the same account logs in).
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const sendText = puppet.messageSendText.bind(puppet);
    puppet.messageSendText = async (conversationId: string, text: string, ...rest: unknown[]) => {
      if (outage) throw new Error("read ECONNRESET");
      if (failOnce === conversationId) {
        failOnce = undefined;
        throw new Error("socket hang up");
      }
      if (holdFor === conversationId) {
        await new Promise<void>((r) => held.push(r));
        throw new Error("no answer");
      }
      return (sendText as (...a: unknown[]) => Promise<void>)(conversationId, text, ...rest);
    };
    const wechat = createWechatPlatform(
      { name: "huanbao-fault-suite", puppetInstance: puppet },
      { logger: silentLog, clock: () => clock.now() },
    );
    await bot.start([wechat]);
    self = mocker.createContact({ id: IDS.self, name: "整治助手" });
    mocker.login(self);
    inspector = mocker.createContact({ id: IDS.inspector, name: "张三" });
    director = mocker.createContact({ id: IDS.director, name: "赵六" });
    room = mocker.createRoom({
      id: IDS.room,
      topic: "古荥镇环保群",
      memberIdList: [IDS.self, IDS.inspector, IDS.director],
    });
    (room as unknown as EventEmitter).on("message", (m: mock.MessageMock) => {
      if (m.talker().id === IDS.self && m.type() === types.Message.Text) seen.A.push(m.text() ?? "");
    });
    (director as unknown as EventEmitter).on("message", (m: mock.MessageMock) => {
      if (m.talker().id === IDS.self && m.type() === types.Message.Text) seen.B.push(m.text() ?? "");
    });
    await until(() => wechat.wechaty?.isLoggedIn === true);
  };
  const stored = async () => Number((await db("inbound_messages").count({ n: "*" }))[0]?.n ?? 0);
  return {
    start,
    async say(chat, text) {
      const before = await stored();
      if (chat === "A") inspector?.say(text).to(room!);
      else director?.say(text).to(self!);
      await until(async () => (await stored()) > before);
      await bot?.settle();
    },
    seen: (chat) => [...seen[chat]],
    async fault(fault) {
      if (fault === "limit") failOnce = IDS.room;
      else if (fault === "lost sends") holdFor = IDS.director;
      else if (fault === "lost sends over") {
        holdFor = undefined;
        for (const r of held.splice(0)) r();
      } else if (fault === "outage") outage = true;
      else if (fault === "outage over") outage = false;
      else {
        await bot?.stop();
        await start();
      }
    },
    bot: () => bot!,
    async stop() {
      holdFor = undefined;
      for (const r of held.splice(0)) r();
      await bot?.stop();
    },
  };
}

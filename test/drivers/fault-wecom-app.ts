import type { Bot } from "../../bot/create-bot.js";
import { createWecomPlatform } from "../../bot/platforms/wecom/wecom-platform.js";
import type { Db } from "../../storage/db.js";
import { startFakeWecom } from "../fakes/fake-wecom.js";
import { type CallbackSender, createCallbackSender } from "../fakes/fake-wecom-callback.js";
import { TEST_APP as APP } from "../fakes/wecom-test-apps.js";
import { type Chat, type FakeClock, type FaultDriver, newBot } from "../helpers/fault-run.js";
import { seedDistrict, silentLog } from "../helpers/test-bot.js";

/**
 * WeCom's self-built app: signed callbacks in, message/send out; 张三 and 赵六 each in their own chat.
 * Lost sends are carried out by WeCom but their answers never arrive (a reset, or no answer until the
 * client's timeout): what is sent again is dropped by enable_duplicate_check, as WeCom drops it.
 */
export async function wecomDriver(db: Db, dir: string, clock: FakeClock): Promise<FaultDriver> {
  const users: Record<Chat, string> = { A: "zhangsan", B: "zhaoliu" };
  const fake = await startFakeWecom({ corpId: APP.corpId, secret: APP.secret, agentId: APP.agentId });
  await seedDistrict(db, "wecom", { accounts: { 张三: users.A, 赵六: users.B }, group: null });
  let bot: Bot | undefined;
  let sender: CallbackSender | undefined;
  let msgId = 9000;
  let release: (() => void) | undefined;
  const start = async () => {
    bot = newBot(db, dir, clock);
    const platform = createWecomPlatform(
      { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, app: APP, robots: {} },
      // A lost answer is given up after 2 s (the default 10 s only makes the test slower).
      { logger: silentLog, sleep: async () => {}, stopGraceMs: 100, now: () => Date.now(), timeoutMs: 2000 },
    );
    await bot.start([platform]);
    sender = createCallbackSender({
      url: `http://127.0.0.1:${platform.address()?.port}${APP.path}`,
      token: APP.token,
      encodingAesKey: APP.aesKey,
      receiveId: APP.corpId,
      timeoutMs: 3000,
    });
  };
  return {
    start,
    async say(chat, text) {
      const xml = `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${users[chat]}]]></FromUserName><CreateTime>${Math.floor(clock.now().getTime() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${++msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
      if (!(await sender!.postAppXml(xml)).acked) throw new Error("callback not acknowledged");
      await bot?.settle();
    },
    seen: (chat) =>
      fake
        .shown()
        .filter((s) => s.touser === users[chat])
        .map((s) => s.content),
    async fault(fault) {
      // 45009: the app's frequency limit (WeCom holds the whole app); -1: busy; then one of 张三's
      // replies is shown and its answer lost to a reset connection.
      if (fault === "limit") {
        fake.injectErrors("/cgi-bin/message/send", [45009, -1, -1, -1]);
        fake.loseAnswers("/cgi-bin/message/send", "reset", { touser: users.A, times: 1 });
      } else if (fault === "lost sends")
        release = fake.loseAnswers("/cgi-bin/message/send", "hold", { touser: users.B });
      else if (fault === "lost sends over") release?.();
      else if (fault === "outage") fake.setOutage("close");
      else if (fault === "outage over") fake.setOutage(null);
      else if (fault === "kill and restart") {
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

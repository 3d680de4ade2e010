import type { Bot } from "../../bot/create-bot.js";
import { createWecomPlatform } from "../../bot/platforms/wecom/wecom-platform.js";
import type { Db } from "../../storage/db.js";
import { startFakeWecom } from "../fakes/fake-wecom.js";
import { startFakeAibotWs } from "../fakes/fake-wecom-ws.js";
import { type Chat, type FakeClock, type FaultDriver, newBot, until } from "../helpers/fault-run.js";
import { seedDistrict, silentLog } from "../helpers/test-bot.js";

const BOT = { botId: "aibFAULT", secret: "long-connection-secret" };
/** Chat A: the town group (张三 @-mentions the bot); chat B: 赵六's single chat with the bot. */
const GROUP = "wrTown1";
const DIRECTOR = "zhaoliu";

/**
 * The AI bot's long connection (@wecom/aibot-node-sdk against the fake server in test/fakes): messages
 * come as aibot_msg_callback, replies go as aibot_respond_msg with the callback's req_id (a stream
 * whose id is derived from the reply, so one sent again replaces itself), or as aibot_send_msg after a
 * restart. Faults: acks answering 45009 and -1 (busy); 赵六's replies lost on the way (never acked: the
 * SDK gives up after its 5 s) — or, in the second variant, carried out with only their acks lost; an outage (the connection dropped, subscribes
 * answered -1 while it lasts); a kill and restart. Members' messages written during the outage reach
 * the bot once it is subscribed again (the protocol does not say what WeCom does with them meanwhile;
 * this suite is about the replies).
 */
export const aibotDriver = (db: Db, dir: string, clock: FakeClock) =>
  makeAibotDriver(db, dir, clock, "swallow");
/** The same, but 赵六's replies are carried out and only their acks lost. */
export const aibotAcksLostDriver = (db: Db, dir: string, clock: FakeClock) =>
  makeAibotDriver(db, dir, clock, "hold");

async function makeAibotDriver(
  db: Db,
  dir: string,
  clock: FakeClock,
  lose: "swallow" | "hold",
): Promise<FaultDriver> {
  const ws = await startFakeAibotWs({ ...BOT, now: () => clock.now().getTime() });
  // The REST fake is only there for the platform's base URL: nothing here goes over HTTP.
  const rest = await startFakeWecom({ corpId: "ww1", secret: "s", agentId: 1 });
  await seedDistrict(db, "wecom", {
    accounts: { 张三: "zhangsan", 赵六: DIRECTOR },
    group: { id: `aibot:${GROUP}`, title: "古荥镇工作群" },
  });
  let bot: Bot | undefined;
  let down = false;
  const pending: [Chat, string][] = [];
  let msgId = 0;
  const start = async () => {
    bot = newBot(db, dir, clock);
    const platform = createWecomPlatform(
      { apiBase: rest.baseUrl, host: "127.0.0.1", port: 0, robots: {}, aibotWs: { ...BOT, url: ws.url } },
      { logger: silentLog, wsReconnectMs: 20, now: () => clock.now().getTime() },
    );
    await bot.start([platform]);
  };
  const stored = async () => Number((await db("inbound_messages").count({ n: "*" }).first())?.n);
  return {
    start,
    async say(chat, text) {
      // Written during the outage: it reaches the bot once the connection is back.
      if (down) return void pending.push([chat, text]);
      await deliver(chat, text);
    },
    seen: (chat) =>
      ws
        .shown()
        .filter((m) => m.chatid === (chat === "A" ? GROUP : DIRECTOR))
        .map((m) => m.content),
    async fault(fault) {
      if (fault === "limit") ws.failNext("aibot_respond_msg", [45009, -1, -1], GROUP);
      else if (fault === "lost sends" && lose === "hold") ws.holdAcks("aibot_respond_msg", DIRECTOR);
      else if (fault === "lost sends") ws.swallow("aibot_respond_msg", DIRECTOR);
      else if (fault === "lost sends over") ws.releaseAcks();
      else if (fault === "outage") {
        down = true;
        ws.busySubscribes(1_000_000);
        ws.drop();
      } else if (fault === "outage over") {
        down = false;
        ws.busySubscribes(0);
        const up = () => ws.connected && bot?.platforms.get("wecom")?.status().connected === true;
        // The SDK's reconnect backs off (up to 30 s): a bounded wait for the subscription.
        if (!(await until(up, 6000))) throw new Error("the long connection did not come back");
        for (const [chat, text] of pending.splice(0)) await deliver(chat, text);
      } else {
        // During the outage the new platform cannot subscribe: the bot keeps trying in the background.
        await bot?.stop();
        await start();
      }
    },
    bot: () => bot!,
    async stop() {
      ws.releaseAcks();
      await bot?.stop();
      await ws.close();
      await rest.close();
    },
  };

  async function deliver(chat: Chat, text: string) {
    const before = await stored();
    const id = `fault-${++msgId}`;
    ws.push(
      chat === "A"
        ? {
            msgid: id,
            aibotid: BOT.botId,
            chatid: GROUP,
            chattype: "group",
            from: { userid: "zhangsan" },
            msgtype: "text",
            text: { content: `@整治助手 ${text}` },
          }
        : {
            msgid: id,
            aibotid: BOT.botId,
            chattype: "single",
            from: { userid: DIRECTOR },
            msgtype: "text",
            text: { content: text },
          },
    );
    if (!(await until(async () => (await stored()) > before)))
      throw new Error(`message ${id} was not stored`);
    await bot?.settle();
  }
}

import type { Bot } from "../../bot/create-bot.js";
import { createWecomPlatform } from "../../bot/platforms/wecom/wecom-platform.js";
import { startFakeWecom } from "../fakes/fake-wecom.js";
import { type CallbackSender, createCallbackSender } from "../fakes/fake-wecom-callback.js";
import { TEST_APP as APP } from "../fakes/wecom-test-apps.js";
import type { ChatDriver, Speaker } from "../helpers/conversation-suite.js";
import { silentLog } from "../helpers/test-bot.js";

/** WeCom UserIDs of the two people. */
const USERS: Record<Speaker, string> = { inspector: "zhangsan", director: "zhaoliu" };

/**
 * WeCom's self-built app: signed, encrypted callbacks in, `message/send` to the fake WeCom API out. The app
 * has no groups, so each person speaks in their own private chat (`user:<UserID>`) and the suite binds no
 * group; `townGroupId` is the inspector's private chat.
 */
export async function makeWecomDriver(): Promise<ChatDriver> {
  const fake = await startFakeWecom({ corpId: APP.corpId, secret: APP.secret, agentId: APP.agentId });
  let bot: Bot | undefined;
  let sender: CallbackSender | undefined;
  let now = () => new Date();
  let msgSeq = 1000;
  const post = async (from: Speaker, body: string) => {
    const xml = `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${USERS[from]}]]></FromUserName><CreateTime>${Math.floor(now().getTime() / 1000)}</CreateTime>${body}<MsgId>${++msgSeq}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`;
    const delivery = await sender!.postAppXml(xml);
    if (!delivery.acked) throw new Error("the WeCom callback was not acknowledged");
  };
  const speakers = new Set<string>();
  return {
    platform: "wecom",
    inspectorId: USERS.inspector,
    directorId: USERS.director,
    townGroupId: `user:${USERS.inspector}`,
    hasGroups: false,
    mention: "",
    knowsMentions: false,
    async start(b, clock) {
      bot = b;
      now = () => clock.now();
      const platform = createWecomPlatform(
        { apiBase: fake.baseUrl, host: "127.0.0.1", port: 0, app: APP, robots: {} },
        { logger: silentLog, sleep: async () => {}, stopGraceMs: 100, now: () => Date.now() },
      );
      await b.start([platform]);
      sender = createCallbackSender({
        url: `http://127.0.0.1:${platform.address()?.port}${APP.path}`,
        token: APP.token,
        encodingAesKey: APP.aesKey,
        receiveId: APP.corpId,
        timeoutMs: 3000,
      });
    },
    async stop() {
      await bot?.stop();
      await fake.close();
    },
    async sendText(from, text) {
      speakers.add(USERS[from]);
      await post(from, `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content>`);
    },
    async sendPhoto(from, jpeg) {
      speakers.add(USERS[from]);
      const mediaId = fake.addMedia(jpeg);
      await post(
        from,
        `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://x]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId>`,
      );
    },
    replies: () =>
      fake
        .calls("/cgi-bin/message/send")
        .filter((r) => speakers.has(String(r.json?.touser)))
        .map((r) => {
          const body = (r.json?.text ?? r.json?.markdown) as { content?: string } | undefined;
          return body?.content ?? "";
        }),
  };
}

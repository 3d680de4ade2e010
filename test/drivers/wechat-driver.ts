import type { EventEmitter } from "node:events";
import { FileBox } from "file-box";
import { types } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import type { Bot } from "../../bot/create-bot.js";
import { createWechatPlatform, type WechatPlatform } from "../../bot/platforms/wechat/wechat-platform.js";
import type { ChatDriver, Speaker } from "../helpers/conversation-suite.js";
import { silentLog } from "../helpers/test-bot.js";

/** WeChat ids of the two people and of the town's room (wechaty-puppet-mock takes them as given). */
const IDS: Record<Speaker, string> = { inspector: "wxid_zhangsan01", director: "wxid_zhaoliu01" };
const ROOM = "20261128001@chatroom";

/** WeChat through wechaty on wechaty-puppet-mock: the bot logs in, both people talk in the town's room. */
export async function makeWechatDriver(): Promise<ChatDriver> {
  const mocker = new mock.Mocker();
  const said: string[] = [];
  const people = new Map<Speaker, mock.ContactMock>();
  let room: mock.RoomMock | undefined;
  let bot: Bot | undefined;
  const say = (from: Speaker, something: string | ReturnType<typeof FileBox.fromBase64>) => {
    people.get(from)!.say(something).to(room!);
  };
  return {
    platform: "wechat",
    inspectorId: IDS.inspector,
    directorId: IDS.director,
    townGroupId: ROOM,
    hasGroups: true,
    mention: "@整治助手",
    knowsMentions: true,
    async start(b, clock) {
      bot = b;
      const wechat: WechatPlatform = createWechatPlatform(
        { name: "huanbao-conversation-suite", puppetInstance: new PuppetMock({ mocker }) },
        { logger: silentLog, clock: () => clock.now() },
      );
      await b.start([wechat]);
      const self = mocker.createContact({ name: "整治助手" });
      mocker.login(self);
      people.set("inspector", mocker.createContact({ id: IDS.inspector, name: "张三" }));
      people.set("director", mocker.createContact({ id: IDS.director, name: "赵六" }));
      room = mocker.createRoom({
        id: ROOM,
        topic: "古荥镇环保群",
        memberIdList: [self.id, IDS.inspector, IDS.director],
      });
      (room as unknown as EventEmitter).on("message", (m: mock.MessageMock) => {
        if (m.talker().id === self.id && m.type() === types.Message.Text) said.push(m.text() ?? "");
      });
      for (let i = 0; i < 100 && !wechat.wechaty?.isLoggedIn; i++)
        await new Promise((r) => setTimeout(r, 10));
    },
    async stop() {
      await bot?.stop();
    },
    async sendText(from, text) {
      say(from, text);
    },
    async sendPhoto(from, jpeg) {
      say(from, FileBox.fromBase64(jpeg.toString("base64"), "现场.jpg"));
    },
    replies: () => [...said],
  };
}

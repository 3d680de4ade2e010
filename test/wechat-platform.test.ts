import type { EventEmitter } from "node:events";
import { FileBox } from "file-box";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { types } from "wechaty";
import { mock, PuppetMock } from "wechaty-puppet-mock";
import { PlatformRefusedError, PlatformRequestError } from "../base/errors.js";
import type { InboundMessage } from "../base/message.js";
import { WECHAT_MESSAGE_TYPE } from "../bot/platforms/wechat/inbound-mapper.js";
import { createWechatPlatform, type WechatPlatform } from "../bot/platforms/wechat/wechat-platform.js";

type Said = {
  talker: string;
  type: number;
  text?: string;
  mentions?: string[];
  bytes?: Buffer;
  name?: string;
};

let mocker: mock.Mocker;
let puppet: PuppetMock;
let platform: WechatPlatform;
let user: mock.ContactMock;
let inspector: mock.ContactMock;
let room: mock.RoomMock;
let inbox: InboundMessage[];
let roomHeard: Said[];

/** The mock's rooms and contacts are event emitters whose typings do not resolve here. */
function listen(target: mock.RoomMock | mock.ContactMock, listener: (m: mock.MessageMock) => void): void {
  (target as unknown as EventEmitter).on("message", listener);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

beforeEach(async () => {
  mocker = new mock.Mocker();
  inbox = [];
  roomHeard = [];
  puppet = new PuppetMock({ mocker });
  platform = createWechatPlatform(
    { name: "huanbao-test", puppetInstance: puppet },
    { logger: pino({ level: "silent" }) },
  );
  await platform.start(async (m) => {
    inbox.push(m);
  });
  user = mocker.createContact({ name: "环保助手" });
  mocker.login(user);
  inspector = mocker.createContact({ name: "王建国" });
  room = mocker.createRoom({ topic: "古荥镇环保群", memberIdList: [user.id, inspector.id] });
  listen(room, async (m) => {
    const said: Said = { talker: m.talker().id, type: m.type() };
    if (m.type() === types.Message.Text) said.text = m.text();
    else {
      const box = await m.toFileBox();
      Object.assign(said, { bytes: await box.toBuffer(), name: box.name });
    }
    roomHeard.push(said);
  });
  await until(() => platform.wechaty?.isLoggedIn === true);
});

afterEach(async () => {
  await platform.stop();
});

describe("wechat platform with wechaty-puppet-mock", () => {
  test("status: connected while logged in; a logout says to scan the QR code again", async () => {
    await until(() => platform.status().connected);
    await puppet.logout();
    await until(() => !platform.status().connected);
    expect(platform.status().reason).toContain("扫码");
  });

  test("a room message reaches the core as a group message, the @bot prefix removed", async () => {
    inspector.say("@环保助手\u2005上报 古荥镇 张三砖厂").to(room);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({
      platform: "wechat",
      chat: { id: room.id, kind: "group", title: "古荥镇环保群" },
      sender: { id: inspector.id, name: "王建国" },
      kind: "text",
      text: "上报 古荥镇 张三砖厂",
    });
    expect(inbox[0]?.messageId).toMatch(/\S+/);
  });

  test("the bot invited into a group reaches the core as a bot_added event; others joining do not", async () => {
    const newRoom = mocker.createRoom({ topic: "王村环保群", memberIdList: [inspector.id] });
    newRoom.add(mocker.createContact({ name: "李四" })).by(inspector);
    newRoom.add(user).by(inspector);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({
      platform: "wechat",
      chat: { id: newRoom.id, kind: "group", title: "王村环保群" },
      sender: { id: inspector.id, name: "王建国" },
      kind: "event",
      event: "bot_added",
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(inbox).toHaveLength(1);
  });

  test("a one-to-one message is a private chat with the contact", async () => {
    inspector.say("我的").to(user);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({ chat: { id: inspector.id, kind: "private" }, text: "我的" });
  });

  test("a photo arrives with its bytes", async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 9, 8, 7]);
    inspector.say(FileBox.fromBase64(jpeg.toString("base64"), "现场.jpg")).to(room);
    await until(() => inbox.length === 1);
    expect(inbox[0]).toMatchObject({ kind: "image", chat: { id: room.id } });
    expect(inbox[0]?.media?.bytes).toEqual(jpeg);
    expect(inbox[0]?.media?.fileName).toBe("现场.jpg");
  });

  test("a photo and the text right after it arrive in the order they were sent", async () => {
    inspector.say(FileBox.fromBase64(Buffer.from("jpeg").toString("base64"), "现场.jpg")).to(room);
    inspector.say("进展 GY-0001 拆除到位").to(room);
    await until(() => inbox.length === 2);
    expect(inbox.map((m) => m.kind)).toEqual(["image", "text"]);
  });

  test("send(): a reply goes into the room, and the bot does not hear itself", async () => {
    await platform.send(
      { platform: "wechat", chatId: room.id },
      { kind: "markdown", text: "**已上报**：张三砖厂" },
    );
    await until(() => roomHeard.length === 1);
    expect(roomHeard[0]).toEqual({ talker: user.id, type: types.Message.Text, text: "已上报：张三砖厂" });
    await new Promise((r) => setTimeout(r, 50));
    expect(inbox).toEqual([]);
  });

  test("send(): mentions, an image and a file", async () => {
    const target = { platform: "wechat", chatId: room.id, mentions: [inspector.id] };
    await platform.send(target, { kind: "text", text: "请于 3 日内整改" });
    await platform.send(target, { kind: "image", bytes: Buffer.from("png-bytes"), fileName: "chart.png" });
    await platform.send(target, { kind: "file", bytes: Buffer.from("pdf"), fileName: "dossier.pdf" });
    await until(() => roomHeard.length === 3);
    expect(roomHeard[0]?.text).toBe("@王建国 请于 3 日内整改");
    expect(roomHeard[1]).toMatchObject({
      type: types.Message.Image,
      bytes: Buffer.from("png-bytes"),
      name: "chart.png",
    });
    // The mock types a file by extension only when its MIME type is octet-stream; the bytes are what matter.
    expect(roomHeard[2]).toMatchObject({ name: "dossier.pdf", bytes: Buffer.from("pdf") });
  });

  test("send(): a long reply in parts whose part 2 fails once is retried from part 2 (each part once)", async () => {
    const text = Array.from({ length: 120 }, (_, i) => `${i + 1}. ${"整改到位".repeat(12)}`).join("\n");
    const target = { platform: "wechat", chatId: room.id };
    // The puppet's connection drops on the second text, as a phone-side WeChat does now and then.
    const sendText = puppet.messageSendText.bind(puppet);
    let calls = 0;
    puppet.messageSendText = async (conversationId: string, said: string) => {
      calls += 1;
      if (calls === 2) throw new Error("socket hang up");
      return sendText(conversationId, said);
    };
    let done = 0;
    const progress = {
      get done() {
        return done;
      },
      async partSent(n: number) {
        done = n;
      },
    };
    const first = await platform.send(target, { kind: "text", text }, progress).catch((e) => e);
    expect(first).toBeInstanceOf(PlatformRequestError);
    expect(done).toBe(1);
    await platform.send(target, { kind: "text", text }, progress);
    await until(() => roomHeard.length >= 2);
    await until(() => roomHeard.map((h) => h.text).join("\n").length >= text.length);
    const shown = roomHeard.map((h) => h.text ?? "");
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.join("\n")).toBe(text);
  });

  test("send() to a private contact", async () => {
    const heard: string[] = [];
    listen(inspector, (m) => {
      if (m.talker().id === user.id) heard.push(m.text() ?? "");
    });
    await platform.send(
      { platform: "wechat", userId: inspector.id },
      { kind: "text", text: "您有 2 家企业逾期" },
    );
    await until(() => heard.length === 1);
    expect(heard).toEqual(["您有 2 家企业逾期"]);
  });

  test("send() to an unknown room is refused", async () => {
    const error = await platform
      .send({ platform: "wechat", chatId: "404@chatroom" }, { kind: "text", text: "x" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(PlatformRefusedError);
  });

  test("our copied message type values match wechaty's", () => {
    for (const [name, value] of Object.entries(WECHAT_MESSAGE_TYPE)) {
      expect(types.Message[name as keyof typeof types.Message]).toBe(value);
    }
  });
});

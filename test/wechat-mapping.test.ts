import { describe, expect, test } from "vitest";
import { z } from "zod";
import { checkWechatEnv, wechatConfigFromEnv, wechatEnvShape } from "../bot/platforms/wechat/config.js";
import {
  mapWechatMessage,
  stripSelfMention,
  WECHAT_MESSAGE_TYPE,
} from "../bot/platforms/wechat/inbound-mapper.js";
import {
  markdownToPlain,
  renderWechatOutbound,
  splitLines,
} from "../bot/platforms/wechat/outbound-renderer.js";

const at = new Date("2026-11-28T02:00:00Z");
const roomText = {
  id: "msg-1",
  type: WECHAT_MESSAGE_TYPE.Text,
  text: "@环保助手\u2005进展 张三砖厂 正在拆除",
  talker: { id: "wxid_wang", name: "王建国" },
  room: { id: "2093@chatroom", topic: "古荥镇环保群" },
  selfName: "环保助手",
};

describe("wechat inbound mapper", () => {
  test("a room text: group chat by room id, sender by talker id, @bot removed and said", () => {
    expect(mapWechatMessage(roomText, at)).toEqual({
      platform: "wechat",
      messageId: "msg-1",
      chat: { id: "2093@chatroom", kind: "group", title: "古荥镇环保群" },
      sender: { id: "wxid_wang", name: "王建国" },
      kind: "text",
      text: "进展 张三砖厂 正在拆除",
      mentioned: true,
      receivedAt: at,
    });
    // Not spoken to, and known not to be (the account's name is known): a leading @ is someone else's.
    expect(mapWechatMessage({ ...roomText, text: "大家辛苦了" }, at)).toMatchObject({ mentioned: false });
    expect(mapWechatMessage({ ...roomText, text: "@张三\u2005你们这周拆了几家" }, at)).toMatchObject({
      text: "@张三\u2005你们这周拆了几家",
      mentioned: false,
    });
    // Without the account's name it is not known either way.
    const { selfName: _self, ...nameless } = roomText;
    expect(mapWechatMessage({ ...nameless, text: "大家辛苦了" }, at)).not.toHaveProperty("mentioned");
  });

  test("a private text keeps its text and is a private chat with the talker", () => {
    const { room: _room, ...rest } = roomText;
    expect(mapWechatMessage({ ...rest, text: "@环保助手 我的" }, at)).toMatchObject({
      chat: { id: "wxid_wang", kind: "private" },
      text: "@环保助手 我的",
    });
  });

  test.each([
    [WECHAT_MESSAGE_TYPE.Image, "image"],
    [WECHAT_MESSAGE_TYPE.Attachment, "file"],
  ])("type %i → %s (bytes filled by the adapter)", (type, kind) => {
    expect(mapWechatMessage({ ...roomText, type, text: "" }, at)).toMatchObject({ kind });
  });

  test("a location", () => {
    const location = { lat: 34.87, lng: 113.54, label: "古荥镇" };
    expect(
      mapWechatMessage({ ...roomText, type: WECHAT_MESSAGE_TYPE.Location, location }, at)?.location,
    ).toEqual(location);
  });

  test.each([
    WECHAT_MESSAGE_TYPE.Audio,
    WECHAT_MESSAGE_TYPE.Video,
    WECHAT_MESSAGE_TYPE.Emoticon,
    WECHAT_MESSAGE_TYPE.Unknown,
  ])("type %i is not handed to the core", (type) => {
    expect(mapWechatMessage({ ...roomText, type }, at)).toBeUndefined();
  });

  test.each([
    ["@环保助手\u2005上报", "上报"],
    ["@环保助手 上报", "上报"],
    ["@环保助手", ""],
    ["@环保助手小号 上报", "@环保助手小号 上报"],
    // A mention after the text (or within it) is the bot's too.
    ["上报 @环保助手", "上报"],
    ["古荥这周拆了几家？@环保助手", "古荥这周拆了几家？"],
    ["古荥\u2005@环保助手\u2005这周拆了几家", "古荥 这周拆了几家"],
  ])("stripSelfMention(%j) → %j", (input, expected) => {
    expect(stripSelfMention(input, "环保助手")).toBe(expected);
  });
});

describe("wechat outbound renderer", () => {
  test.each([
    ["**古荥镇** 已上报 3 家", "古荥镇 已上报 3 家"],
    ["# 周通报\n- 张三砖厂", "周通报\n• 张三砖厂"],
    ["[台账](https://example.org/a)", "台账 https://example.org/a"],
    ['<font color="warning">逾期</font> `2` 家', "逾期 2 家"],
    ["5 < 6 & 7", "5 < 6 & 7"],
  ])("markdown %j → %j", (input, expected) => {
    expect(markdownToPlain(input)).toBe(expected);
  });

  test("long text splits between lines within the limit, nothing lost", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(99, "污"));
    const parts = splitLines(lines.join("\n"), 2000);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });

  test("image and file become files to say", () => {
    const bytes = Buffer.from("x");
    expect(renderWechatOutbound({ kind: "image", bytes })).toEqual([
      { kind: "file", bytes, fileName: "image.jpg", image: true },
    ]);
  });
});

describe("wechat env", () => {
  const platforms = z
    .string()
    .default("")
    .transform((s) => s.split(",").filter(Boolean));
  const schema = z.object({ ...wechatEnvShape, PLATFORMS: platforms }).superRefine(checkWechatEnv);

  test("no puppet named: not configured", () => {
    expect(wechatConfigFromEnv(schema.parse({}))).toBeUndefined();
  });

  test("the puppet falls back to WECHATY_PUPPET, the token to WECHATY_PUPPET_SERVICE_TOKEN", () => {
    const env = schema.parse({
      WECHATY_PUPPET: "wechaty-puppet-service",
      WECHATY_PUPPET_SERVICE_TOKEN: "puppet_token_x",
    });
    expect(wechatConfigFromEnv(env)).toEqual({
      name: "huanbao-bot",
      puppet: "wechaty-puppet-service",
      puppetToken: "puppet_token_x",
    });
  });

  test("wechat in PLATFORMS without a puppet, or the service puppet without a token, is a config error", () => {
    expect(schema.safeParse({ PLATFORMS: "wechat" }).error?.issues[0]?.path).toEqual(["WECHAT_PUPPET"]);
    const noToken = schema.safeParse({ WECHAT_PUPPET: "wechaty-puppet-service" });
    expect(noToken.error?.issues[0]?.path).toEqual(["WECHAT_PUPPET_TOKEN"]);
  });
});

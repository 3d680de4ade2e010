import { describe, expect, test } from "vitest";
import { mapAibotCallback } from "../bot/platforms/wecom/inbound-aibot.js";
import { mapAppCallback } from "../bot/platforms/wecom/inbound-app.js";
import { parseWecomXml, WecomXmlError } from "../bot/platforms/wecom/xml.js";

const at = new Date("2026-11-28T08:00:00Z");

// Recorded payloads: official samples (protocol file §2 Set A/B, §3.1; doc pages 90239/90240).
const A2 =
  "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>";
const B2 =
  "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>";
const IMAGE = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1348831860</CreateTime>
   <MsgType><![CDATA[image]]></MsgType>
   <PicUrl><![CDATA[this is a url]]></PicUrl>
   <MediaId><![CDATA[media_id]]></MediaId>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`;
const LOCATION = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1351776360</CreateTime>
   <MsgType><![CDATA[location]]></MsgType>
   <Location_X>23.134</Location_X>
   <Location_Y>113.358</Location_Y>
   <Scale>20</Scale>
   <Label><![CDATA[位置信息]]></Label>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
   <AppType><![CDATA[wxwork]]></AppType>
</xml>`;
const ENTER_AGENT = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>1408091189</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[enter_agent]]></Event>
<EventKey><![CDATA[]]></EventKey>
<AgentID>1</AgentID>
</xml>`;
const SUBSCRIBE = `<xml>
<ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[UserID]]></FromUserName>
<CreateTime>1348831860</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[subscribe]]></Event>
<AgentID>1</AgentID>
</xml>`;
const VOICE =
  "<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><MsgId>9</MsgId></xml>";

describe("self-built app callback → InboundMessage", () => {
  test.each([
    {
      name: "A2 text (CDATA); a 64-bit MsgId stays exact",
      xml: A2,
      expected: {
        messageId: "4561255354251345929",
        kind: "text",
        text: "hello",
        chat: { id: "user:mycreate" },
      },
    },
    {
      name: "B2 text without CDATA, Chinese",
      xml: B2,
      expected: { messageId: "1456453720", kind: "text", text: "你好", sender: { id: "ChenJiaShun" } },
    },
    {
      name: "location",
      xml: LOCATION,
      expected: { kind: "location", location: { lat: 23.134, lng: 113.358, label: "位置信息" } },
    },
    {
      name: "enter_agent event: dedupe key is FromUserName + CreateTime",
      xml: ENTER_AGENT,
      expected: { kind: "event", event: "enter_agent", messageId: "FromUser:1408091189:enter_agent" },
    },
    {
      name: "subscribe event",
      xml: SUBSCRIBE,
      expected: { kind: "event", event: "subscribe", messageId: "UserID:1348831860:subscribe" },
    },
  ])("$name", ({ xml, expected }) => {
    const mapped = mapAppCallback(parseWecomXml(xml), at);
    expect(mapped?.message).toMatchObject({ platform: "wecom", receivedAt: at, ...expected });
    expect(mapped?.message.chat.kind).toBe("private");
  });

  test("image: the adapter is told which media id to fetch", () => {
    const mapped = mapAppCallback(parseWecomXml(IMAGE), at);
    expect(mapped?.mediaId).toBe("media_id");
    expect(mapped?.message).toMatchObject({ kind: "image", messageId: "1234567890123456" });
  });

  test("voice is not used by the bot", () => {
    expect(mapAppCallback(parseWecomXml(VOICE), at)).toBeUndefined();
  });

  test("predefined entities are decoded outside CDATA only", () => {
    const raw = parseWecomXml("<xml><A>a &amp; b &#20320;</A><B><![CDATA[x &amp; y]]></B></xml>");
    expect(raw).toEqual({ A: "a & b 你", B: "x &amp; y" });
  });

  test.each([
    [
      "a DOCTYPE with an entity",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "BOOM">]><xml><A>&e;</A></xml>',
    ],
    ["an unclosed element", "<xml><A>text</xml>"],
    ["no <xml> root", "<root><A>1</A></root>"],
    ["not XML", "hello"],
  ])("refuses %s", (_, xml) => {
    expect(() => parseWecomXml(xml)).toThrow(WecomXmlError);
  });
});

describe("AI bot callback → InboundMessage", () => {
  const groupText = {
    msgid: "MSGID1",
    aibotid: "AIBOTID",
    chatid: "CHATID",
    chattype: "group",
    from: { userid: "zhangsan" },
    response_url: "https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC",
    msgtype: "text",
    text: { content: "@RobotA hello" },
  };

  test("group text: chat aibot:<chatid>, the @-mention stripped, response_url kept", () => {
    const mapped = mapAibotCallback(groupText, at);
    expect(mapped?.message).toMatchObject({
      messageId: "MSGID1",
      chat: { id: "aibot:CHATID", kind: "group" },
      sender: { id: "zhangsan" },
      kind: "text",
      text: "hello",
    });
    expect(mapped?.responseUrl).toBe(groupText.response_url);
  });

  test("single-chat image: the URL to download", () => {
    const mapped = mapAibotCallback(
      {
        msgid: "M2",
        aibotid: "A",
        chattype: "single",
        from: { userid: "lisi" },
        msgtype: "image",
        image: { url: "https://x/y" },
      },
      at,
    );
    expect(mapped?.message).toMatchObject({
      kind: "image",
      chat: { id: "aibot-user:lisi", kind: "private" },
    });
    expect(mapped?.mediaUrl).toBe("https://x/y");
  });

  test("mixed text + image", () => {
    const mapped = mapAibotCallback(
      {
        msgid: "M3",
        chatid: "G",
        chattype: "group",
        from: { userid: "u" },
        msgtype: "mixed",
        mixed: {
          msg_item: [
            { msgtype: "text", text: { content: "@bot 现场照片" } },
            { msgtype: "image", image: { url: "U" } },
          ],
        },
      },
      at,
    );
    expect(mapped?.message).toMatchObject({ kind: "image", text: "现场照片" });
    expect(mapped?.mediaUrl).toBe("U");
  });

  test("enter_chat event; stream refresh polls are dropped", () => {
    expect(
      mapAibotCallback(
        {
          msgid: "E1",
          chattype: "single",
          from: { userid: "u" },
          msgtype: "event",
          event: { eventtype: "enter_chat" },
        },
        at,
      )?.message,
    ).toMatchObject({ kind: "event", event: "enter_chat" });
    expect(
      mapAibotCallback({ msgid: "S", from: { userid: "u" }, msgtype: "stream", stream: { id: "x" } }, at),
    ).toBeUndefined();
  });
});

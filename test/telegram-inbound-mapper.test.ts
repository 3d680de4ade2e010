import type { Update } from "telegraf/types";
import { describe, expect, test } from "vitest";
import { mapTelegramUpdate } from "../bot/platforms/telegram/inbound-mapper.js";
import { rewriteSlashCommand } from "../bot/platforms/telegram/slash-aliases.js";
import {
  botAdded,
  editedText,
  groupImageDocument,
  groupLocation,
  groupPhoto,
  groupText,
  groupVenue,
  newMembers,
  privateText,
} from "./fakes/fake-telegram-updates.js";

const receivedAt = new Date("2026-11-28T02:00:00Z");
const map = (u: Omit<Update, "update_id">, botUsername = "huanbao_bot") =>
  mapTelegramUpdate({ ...u, update_id: 1 } as Update, { botUsername, receivedAt });

describe("telegram inbound mapper", () => {
  test("a group text: chat id as string, sender from.id, message id per chat", () => {
    expect(map(groupText("古荥镇 张三砖厂 无手续"))).toEqual({
      message: {
        platform: "telegram",
        messageId: "-1001987654321:101",
        chat: { id: "-1001987654321", kind: "group", title: "古荥镇环保群" },
        sender: { id: "5012345678", name: "建国 王" },
        kind: "text",
        text: "古荥镇 张三砖厂 无手续",
        // The bot's username is known: not mentioned, and known not to be.
        mentioned: false,
        receivedAt,
      },
    });
  });

  test("a private text is a private chat whose id is the user's", () => {
    const m = map(privateText("我的"))?.message;
    expect(m?.chat).toEqual({ id: "5012345678", kind: "private" });
    expect(m?.messageId).toBe("5012345678:7");
  });

  test("a redelivered update maps to the same message id", () => {
    expect(map(groupText("进展 x"))?.message.messageId).toBe(map(groupText("进展 x"))?.message.messageId);
  });

  test("a photo asks for its largest size, with the caption as text", () => {
    const mapped = map(groupPhoto(["small", "medium", "large"], "/progress 张三砖厂 正在拆除"));
    expect(mapped?.message).toMatchObject({ kind: "image", text: "进展 张三砖厂 正在拆除" });
    expect(mapped?.fetch).toEqual({ fileId: "large", mime: "image/jpeg", size: 98765 });
  });

  test("an image sent as a file is an image that keeps its name and type", () => {
    const mapped = map(groupImageDocument("doc-1"));
    expect(mapped?.message.kind).toBe("image");
    expect(mapped?.fetch).toEqual({
      fileId: "doc-1",
      fileName: "IMG_20261128_101500.jpg",
      mime: "image/jpeg",
      size: 2345678,
    });
  });

  test("a location, and a venue with its label", () => {
    expect(map(groupLocation(34.87, 113.54))?.message).toMatchObject({
      kind: "location",
      location: { lat: 34.87, lng: 113.54 },
    });
    expect(map(groupVenue())?.message.location).toEqual({
      lat: 34.8721,
      lng: 113.5412,
      label: "古荥镇人民政府 郑州市惠济区古荥镇",
    });
  });

  test("edits and service messages are not handed to the core", () => {
    expect(map(editedText("改了"))).toBeUndefined();
    expect(map(newMembers())).toBeUndefined();
    // Another bot joining is not this bot joining.
    expect(map(botAdded("other_bot"))).toBeUndefined();
  });

  test("this bot added to a group is an event the core answers", () => {
    expect(map(botAdded("Huanbao_Bot"))?.message).toMatchObject({
      kind: "event",
      event: "bot_added",
      chat: { id: "-1001987654321", kind: "group" },
      messageId: "-1001987654321:107",
    });
  });
});

describe("slash aliases", () => {
  test.each([
    ["/report 古荥镇 张三砖厂", "上报 古荥镇 张三砖厂"],
    ["/progress 张三砖厂 正在拆除", "进展 张三砖厂 正在拆除"],
    ["/query 张三砖厂", "查询 张三砖厂"],
    ["/stats", "进度"],
    ["/overdue", "逾期"],
    ["/mine", "我的"],
    ["/help", "帮助"],
    ["/start", "帮助"],
    ["/bind 古荥镇", "绑定 古荥镇"],
    ["/close 张三砖厂", "销号 张三砖厂"],
    ["/reopen GY-0001 夜间恢复生产", "反弹 GY-0001 夜间恢复生产"],
    ["/ledger 古荥镇 3月", "台账 古荥镇 3月"],
    ["/dossier GY-0001", "档案 GY-0001"],
    ["/submit", "报送"],
    ["/cancel", "取消"],
    ["/report@huanbao_bot 古荥镇", "上报 古荥镇"],
    ["/REPORT@HuanBao_Bot", "上报"],
    ["/report@other_bot 古荥镇", "/report@other_bot 古荥镇"],
    ["/reporting 古荥镇", "/reporting 古荥镇"],
    ["/unknown", "/unknown"],
    ["上报 /report", "上报 /report"],
    ["/report\n名称：张三砖厂", "上报\n名称：张三砖厂"],
    ["@huanbao_bot /help", "帮助"],
    ["@HuanBao_Bot  /query 张三砖厂", "查询 张三砖厂"],
    ["@other_bot /help", "@other_bot /help"],
  ])("%j → %j", (input, expected) => {
    expect(rewriteSlashCommand(input, "huanbao_bot")).toBe(expected);
  });

  test("the bot's @ anywhere in a group text speaks to it and is taken out; another's is left", () => {
    for (const text of [
      "古荥这周拆了几家 @huanbao_bot",
      "古荥这周 @HuanBao_Bot 拆了几家",
      "@huanbao_bot 古荥这周拆了几家",
    ]) {
      const m = map(groupText(text))?.message;
      expect(m?.mentioned).toBe(true);
      expect(m?.text?.replace(" ", "")).toBe("古荥这周拆了几家");
    }
    const other = map(groupText("古荥这周拆了几家 @huanbao_bot2"))?.message;
    expect(other?.mentioned).toBe(false);
    // A question put to a colleague first is theirs, not the bot's.
    expect(map(groupText("@zhangsan 你们这周拆了几家"))?.message.mentioned).toBe(false);
    // A private chat needs no mention; the username unknown, nothing is known.
    expect(map(privateText("古荥这周拆了几家"))?.message.mentioned).toBeUndefined();
    expect(
      mapTelegramUpdate({ ...groupText("x"), update_id: 1 } as Update, { receivedAt })?.message.mentioned,
    ).toBeUndefined();
    expect(other?.text).toBe("古荥这周拆了几家 @huanbao_bot2");
    expect(map(groupPhoto(["s", "m", "l"], "GY-0001 @huanbao_bot"))?.message).toMatchObject({
      text: "GY-0001",
      mentioned: true,
    });
  });

  test("a reply to the bot's own message speaks to it; a reply to a person does not", () => {
    const reply = (from: { is_bot: boolean; username?: string }) => {
      const u = groupText("那上周呢");
      return {
        message: {
          ...u.message,
          reply_to_message: {
            message_id: 90,
            date: 1,
            chat: u.message.chat,
            from: { id: 1, first_name: "x", ...from },
            text: "…",
          },
        },
      } as Omit<Update, "update_id">;
    };
    expect(map(reply({ is_bot: true, username: "huanbao_bot" }))?.message.mentioned).toBe(true);
    expect(map(reply({ is_bot: false, username: "zhangsan" }))?.message.mentioned).toBe(false);
  });

  test("a group text with a slash command reaches the core in Chinese", () => {
    expect(map(groupText("/query@huanbao_bot 张三砖厂"))?.message.text).toBe("查询 张三砖厂");
  });
});

import { describe, expect, test } from "vitest";
import { takeMention, takeOnlyMention } from "../base/mention.js";

describe("the bot's @-mention, wherever it stands", () => {
  test.each([
    ["@整治助手 古荥这周拆了几家", "古荥这周拆了几家"],
    ["古荥这周拆了几家 @整治助手", "古荥这周拆了几家"],
    ["古荥这周拆了几家？@整治助手", "古荥这周拆了几家？"],
    ["古荥这周 @整治助手 拆了几家", "古荥这周 拆了几家"],
    // A report's lines stay lines.
    [
      "上报 @整治助手\n企业名称：黄河塑料厂\n整治期限：3月31日",
      "上报\n企业名称：黄河塑料厂\n整治期限：3月31日",
    ],
  ])("%j → %j", (text, rest) => {
    expect(takeMention(text, "整治助手")).toEqual({ mentioned: true, text: rest });
  });

  test.each([
    ["@整治助手小号 古荥这周拆了几家", "整治助手"],
    ["/report@huanbao_bot 张三", "huanbao_bot"],
    ["问问 @huanbao_bot2", "huanbao_bot"],
    ["大家辛苦了", "整治助手"],
  ])("%j does not mention %s", (text, name) => {
    expect(takeMention(text, name)).toEqual({ mentioned: false, text });
  });

  test("in a message known to mention the bot: those first, then the one left alone anywhere", () => {
    expect(takeOnlyMention("@RobotA 古荥这周拆了几家")).toBe("古荥这周拆了几家");
    expect(takeOnlyMention("古荥这周拆了几家 @RobotA")).toBe("古荥这周拆了几家");
    expect(takeOnlyMention("@张三 @RobotA 古荥这周拆了几家")).toBe("古荥这周拆了几家");
    // After a leading mention (the bot's) a later one names a person, and stays.
    expect(takeOnlyMention("@RobotA 上报\n企业名称：黄河塑料厂\n分包责任人：@张三")).toBe(
      "上报\n企业名称：黄河塑料厂\n分包责任人：@张三",
    );
    // Two later mentions: which is the robot cannot be told, so neither is taken.
    expect(takeOnlyMention("古荥 @张三 负责的 @RobotA")).toBe("古荥 @张三 负责的 @RobotA");
    expect(takeOnlyMention("联系 zhang@example.com")).toBe("联系 zhang@example.com");
  });
});

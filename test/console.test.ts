import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { systemClock } from "../base/clock.js";
import { createBot } from "../bot/create-bot.js";
import { parseConsoleInput } from "../bot/platforms/console/console-input.js";
import { createConsolePlatform } from "../bot/platforms/console/console-platform.js";
import { openDb } from "../storage/db.js";
import { loadDemoData } from "../storage/demo-data.js";
import { silentLog } from "./helpers/test-bot.js";

describe("console input", () => {
  test.each([
    ["/我是 李四", { kind: "as", name: "李四" }],
    ["/群 区级工作群", { kind: "group", title: "区级工作群" }],
    ["/私聊", { kind: "private" }],
    ["/photo /tmp/a.jpg GY-0001", { kind: "photo", path: "/tmp/a.jpg", caption: "GY-0001" }],
    ["/location 34.85,113.56 黄河村", { kind: "location", lat: 34.85, lng: 113.56, label: "黄河村" }],
    ["上报\\n企业名称：黄河厂", { kind: "text", text: "上报\n企业名称：黄河厂" }],
    ["/location 北京", { kind: "error", message: "用法：/location 34.85,113.56 黄河村村口" }],
  ])("%s", (line, expected) => {
    const parsed = parseConsoleInput(line);
    if (expected.kind === "error") expect(parsed.kind).toBe("error");
    else expect(parsed).toEqual(expected);
  });
});

describe("console chat, scripted through stdin", () => {
  test("the README's tour: report, correction, photo, progress, close, queries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huanbao-console-"));
    const photo = join(dir, "site.jpg");
    await writeFile(
      photo,
      await sharp({ create: { width: 8, height: 8, channels: 3, background: "#884422" } })
        .jpeg()
        .toBuffer(),
    );
    const db = await openDb({ sqlitePath: join(dir, "db.sqlite") });
    await loadDemoData(db, new Date(), { console: true });
    const bot = createBot({
      db,
      dataDir: dir,
      clock: systemClock,
      log: silentLog,
      settings: { campaignYear: 2026, botName: "整治助手" },
    });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (d) => {
      printed += d.toString();
    });
    const consolePlatform = createConsolePlatform({ input, output, outDir: dir, settle: () => bot.settle() });
    await bot.start([consolePlatform]);
    const script = [
      "上报\\n企业名称：黄河塑料加工厂\\n所在村组：黄河村三组\\n企业类型：小散乱\\n企业规模：12人\\n原辅材料：废旧塑料\\n涉水涉气：涉气\\n有无手续：无\\n整治要求：拆除\\n整治期限：12月31日",
      "分包责任人：张三",
      `/photo ${photo}`,
      "进展 GY-0001 拆除到位",
      "/我是 李四",
      "销号 GY-0001",
      "进度 古荥镇",
      "/我是 无名氏",
      "查询 GY-0001",
    ];
    input.end(`${script.join("\n")}\n`);
    await consolePlatform.closed;
    await bot.stop();
    await db.destroy();
    expect(printed).toContain("分包责任人：缺少");
    expect(printed).toContain("✅ 已上报 GY-0001");
    expect(printed).toContain("（整治要求“拆除”按“限期拆除”登记）");
    expect(printed).toContain("照片已存入【GY-0001】黄河塑料加工厂档案（共1张）");
    expect(printed).toContain("待整治 → 拆除到位");
    expect(printed).toContain("（现在的身份：李四）");
    expect(printed).toContain("【GY-0001】黄河塑料加工厂 已销号");
    expect(printed).toContain("小散乱污 · 限期拆除 1：已销号1");
    expect(printed).toContain("您尚未登记");
    // Replies come in the order of the messages.
    expect(printed.indexOf("已上报 GY-0001")).toBeLessThan(printed.indexOf("照片已存入"));
    expect(printed.indexOf("照片已存入")).toBeLessThan(printed.indexOf("已销号"));
  });
});

describe("console chat, a line that fails", () => {
  test("is reported, and the lines after it are still handled (the process is not ended)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huanbao-console-"));
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (d) => {
      printed += d.toString();
    });
    const consolePlatform = createConsolePlatform({ input, output, outDir: dir });
    const seen: string[] = [];
    await consolePlatform.start(async (m) => {
      if (m.text === "坏") throw new Error("database is locked");
      seen.push(m.text ?? "");
    });
    input.end("好\n坏\n好2\n");
    await consolePlatform.closed;
    expect(seen).toEqual(["好", "好2"]);
    expect(printed).toContain("（这条消息没能收下：database is locked）");
  });
});

import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { InboundMessage, OutboundMessage, OutboundTarget } from "../../../base/message.js";
import type { Platform } from "../../platform.js";
import { createPlatformStatus } from "../../platform-status.js";
import { CONSOLE_HELP, parseConsoleInput } from "./console-input.js";

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where images and files the bot sends are written, since a terminal cannot show them. */
  outDir: string;
  /** Start as this person in this group. */
  as?: string;
  group?: string;
  /** Interactive terminal: a prompt, and pasted lines joined into one message. */
  interactive?: boolean;
  /** Awaited after each message is stored, so replies print before the next prompt or line. */
  settle?: () => Promise<void>;
  onQuit?: () => void;
}

/**
 * The console chat: the reference platform, and the one `npm start` falls back to. One person and
 * one chat at a time; /我是 and /群 switch them. Piped input is read one message per line.
 */
export function createConsolePlatform(o: ConsoleOptions): Platform & { closed: Promise<void> } {
  let me = o.as ?? "张三";
  let chat: { id: string; kind: "group" | "private" } = { id: o.group ?? "古荥镇工作群", kind: "group" };
  let rl: ReturnType<typeof createInterface> | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  const status = createPlatformStatus();
  const print = (text: string) => o.output.write(`${text}\n`);
  const prompt = () => (chat.kind === "group" ? `[${chat.id}] ${me}> ` : `[私聊] ${me}> `);

  async function toMessage(line: string): Promise<InboundMessage | null> {
    const input = parseConsoleInput(line);
    const base = {
      platform: "console",
      messageId: randomUUID(),
      chat: {
        id: chat.kind === "group" ? chat.id : `私聊:${me}`,
        kind: chat.kind,
        title: chat.kind === "group" ? chat.id : undefined,
      },
      sender: { id: me, name: me },
      receivedAt: new Date(),
    };
    switch (input.kind) {
      case "text":
        return input.text ? { ...base, kind: "text", text: input.text } : null;
      case "as":
        me = input.name;
        print(`（现在的身份：${me}）`);
        return null;
      case "group":
        chat = { id: input.title, kind: "group" };
        print(`（进入群：${input.title}）`);
        return null;
      case "private":
        chat = { id: me, kind: "private" };
        print("（进入与机器人的私聊）");
        return null;
      case "whoami":
        print(`（身份：${me}，${chat.kind === "group" ? `群：${chat.id}` : "私聊"}）`);
        return null;
      case "help":
        print(CONSOLE_HELP);
        return null;
      case "quit":
        rl?.close();
        return null;
      case "error":
        print(`（${input.message}）`);
        return null;
      case "photo": {
        const bytes = await readFile(input.path).catch(() => null);
        if (!bytes) {
          print(`（读不到文件：${input.path}）`);
          return null;
        }
        return { ...base, kind: "image", text: input.caption, media: { bytes, fileName: input.path } };
      }
      case "location":
        return {
          ...base,
          kind: "location",
          location: { lat: input.lat, lng: input.lng, label: input.label },
        };
    }
  }

  return {
    name: "console",
    capabilities: { markdown: false, image: true, file: true, mention: false, maxTextBytes: 1 << 20 },
    closed,
    status: status.get,
    async start(onMessage) {
      rl = createInterface({ input: o.input, terminal: false });
      status.up();
      if (o.interactive) {
        print(`${CONSOLE_HELP}\n`);
        o.output.write(prompt());
      }
      // A paste arrives as many lines at once: in a terminal, lines within 40 ms are one message.
      let pending: string[] = [];
      let flushTimer: NodeJS.Timeout | undefined;
      let queue = Promise.resolve();
      const submit = (text: string) => {
        queue = queue.then(async () => {
          const message = await toMessage(text);
          if (message) {
            await onMessage(message);
            await o.settle?.();
          }
          if (o.interactive) o.output.write(prompt());
        });
        // A line that fails must neither end the process nor stop the lines after it.
        queue = queue.catch((error: unknown) => {
          print(`（这条消息没能收下：${(error as Error)?.message}）`);
        });
      };
      rl.on("line", (line) => {
        if (!o.interactive) return submit(line);
        pending.push(line);
        clearTimeout(flushTimer);
        flushTimer = setTimeout(() => {
          const text = pending.join("\n");
          pending = [];
          submit(text);
        }, 40);
      });
      rl.on("close", () => {
        status.down("控制台输入已结束");
        clearTimeout(flushTimer);
        if (pending.length) submit(pending.join("\n"));
        void queue.then(() => {
          resolveClosed();
          o.onQuit?.();
        });
      });
    },
    async stop() {
      rl?.close();
      status.down("已停止");
    },
    async send(target: OutboundTarget, message: OutboundMessage) {
      const where = target.chatId?.startsWith("私聊:")
        ? `私聊 ${target.chatId.slice(3)}`
        : (target.chatId ?? target.userId);
      if (message.kind === "text" || message.kind === "markdown") {
        print(`\n🤖 → ${where}\n${message.text.replace(/^/gm, "  ")}\n`);
      } else {
        mkdirSync(o.outDir, { recursive: true });
        const file = join(
          o.outDir,
          message.fileName ?? `${Date.now()}.${message.kind === "image" ? "png" : "bin"}`,
        );
        writeFileSync(file, message.bytes);
        print(`\n🤖 → ${where}\n  [${message.kind === "image" ? "图片" : "文件"}] ${file}\n`);
      }
    },
  };
}

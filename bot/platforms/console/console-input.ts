/** What one console input means: a switch of who/where you are, a photo, a location, or a message. */
export type ConsoleInput =
  | { kind: "as"; name: string }
  | { kind: "group"; title: string }
  | { kind: "private" }
  | { kind: "photo"; path: string; caption?: string }
  | { kind: "location"; lat: number; lng: number; label?: string }
  | { kind: "whoami" }
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "text"; text: string }
  | { kind: "error"; message: string };

export const CONSOLE_HELP = [
  "控制台指令：",
  "  /我是 <姓名>      切换身份（演示人员：张三 李四 钱七 孙八 王五 赵六 周管理）",
  "  /群 <群名>        切换到群聊（如 古荥镇工作群、区级工作群）",
  "  /私聊             切换到与机器人的私聊",
  "  /photo <路径> [案件编号]   发送照片",
  "  /location <纬度>,<经度> [说明]   发送位置",
  "  /who  /help  /quit",
  "其余输入作为消息发给机器人；一行内写 \\n 表示换行，粘贴多行会合为一条消息。",
].join("\n");

/** Parses one console input (pure). Literal \n in a line stands for a newline. */
export function parseConsoleInput(line: string): ConsoleInput {
  const text = line.replace(/\\n/g, "\n").trim();
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
  if (!m) return { kind: "text", text };
  const [, cmd, rest = ""] = m;
  const arg = rest.trim();
  switch (cmd) {
    case "我是":
    case "as":
      return arg ? { kind: "as", name: arg } : { kind: "error", message: "用法：/我是 张三" };
    case "群":
    case "group":
      return arg ? { kind: "group", title: arg } : { kind: "error", message: "用法：/群 古荥镇工作群" };
    case "私聊":
    case "private":
      return { kind: "private" };
    case "photo":
    case "照片": {
      const [path, ...caption] = arg.split(/\s+/);
      return path
        ? { kind: "photo", path, caption: caption.join(" ") || undefined }
        : { kind: "error", message: "用法：/photo 路径 [案件编号]" };
    }
    case "location":
    case "位置": {
      const loc = /^(-?\d+(?:\.\d+)?)\s*[,，]\s*(-?\d+(?:\.\d+)?)\s*(.*)$/.exec(arg);
      if (!loc) return { kind: "error", message: "用法：/location 34.85,113.56 黄河村三组" };
      return { kind: "location", lat: Number(loc[1]), lng: Number(loc[2]), label: loc[3] || undefined };
    }
    case "who":
      return { kind: "whoami" };
    case "help":
      return { kind: "help" };
    case "quit":
    case "exit":
      return { kind: "quit" };
    default:
      // Not ours: maybe a Telegram-style /command typed by habit; the bot decides.
      return { kind: "text", text };
  }
}

import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Bot } from "../../bot/create-bot.js";
import { createConsolePlatform } from "../../bot/platforms/console/console-platform.js";
import type { ChatDriver, Speaker } from "../helpers/conversation-suite.js";

const GROUP = "古荥镇工作群";
const NAMES: Record<Speaker, string> = { inspector: "张三", director: "赵六" };

/** The bot's lines as the console prints them: `🤖 → <chat>` then the text indented by two spaces. */
function parsePrinted(printed: string): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  let current: { where: string; lines: string[] } | undefined;
  const flush = () => {
    if (current) out.push({ where: current.where, text: current.lines.join("\n") });
    current = undefined;
  };
  for (const line of printed.split("\n")) {
    if (line.startsWith("🤖 → ")) {
      flush();
      current = { where: line.slice("🤖 → ".length), lines: [] };
    } else if (current && line.startsWith("  ")) current.lines.push(line.slice(2));
    else flush();
  }
  flush();
  return out;
}

/** The console chat driven through its stdin and stdout, as a person at the terminal would (piped). */
export async function makeConsoleDriver(): Promise<ChatDriver> {
  const dir = mkdtempSync(join(tmpdir(), "huanbao-console-driver-"));
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d) => {
    printed += d.toString();
  });
  let me: Speaker = "inspector";
  let bot: Bot | undefined;
  let photos = 0;
  const line = async (text: string, from: Speaker) => {
    if (from !== me) input.write(`/我是 ${NAMES[from]}\n`);
    me = from;
    input.write(`${text}\n`);
  };
  return {
    platform: "console",
    inspectorId: NAMES.inspector,
    directorId: NAMES.director,
    townGroupId: GROUP,
    hasGroups: true,
    mention: "@整治助手",
    knowsMentions: false,
    async start(b) {
      bot = b;
      const platform = createConsolePlatform({
        input,
        output,
        outDir: dir,
        as: NAMES.inspector,
        group: GROUP,
        settle: () => b.settle(),
      });
      await b.start([platform]);
    },
    async stop() {
      input.end();
      await bot?.stop();
    },
    sendText: (from, text) => line(text.replaceAll("\n", "\\n"), from),
    async sendPhoto(from, jpeg) {
      const path = join(dir, `现场${++photos}.jpg`);
      await writeFile(path, jpeg);
      await line(`/photo ${path}`, from);
    },
    replies: () =>
      parsePrinted(printed)
        .filter((r) => r.where === GROUP)
        .map((r) => r.text),
  };
}

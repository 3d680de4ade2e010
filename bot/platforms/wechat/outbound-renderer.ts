import type { OutboundMessage } from "../../../base/message.js";

/**
 * Personal WeChat shows plain text only. Its limit is not documented and differs by puppet; long texts
 * are cut client-side around a few thousand characters, so we stay well below.
 */
export const WECHAT_TEXT_LIMIT = 2000;

/** One thing to say into a room or to a contact. */
export type WechatSay =
  | { kind: "text"; text: string }
  | { kind: "file"; bytes: Buffer; fileName: string; image: boolean };

/**
 * Renders a neutral message as what the bot says. Pure. Markdown loses its markup (links keep their
 * address), and long text is split between lines.
 *
 * @example renderWechatOutbound({ kind: "markdown", text: "**古荥镇** [台账](https://x)" })
 *   // [{ kind: "text", text: "古荥镇 台账 https://x" }]
 */
export function renderWechatOutbound(message: OutboundMessage, limit = WECHAT_TEXT_LIMIT): WechatSay[] {
  switch (message.kind) {
    case "image":
      return [{ kind: "file", bytes: message.bytes, fileName: message.fileName ?? "image.jpg", image: true }];
    case "file":
      return [{ kind: "file", bytes: message.bytes, fileName: message.fileName, image: false }];
    case "text":
      return splitLines(message.text, limit).map((text) => ({ kind: "text", text }));
    case "markdown":
      return splitLines(markdownToPlain(message.text), limit).map((text) => ({ kind: "text", text }));
  }
}

export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !/^\s*```/.test(line))
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, "")
        .replace(/^>\s?/, "")
        .replace(/^(\s*)[-*+]\s+/, "$1• ")
        .replace(/\*\*(.+?)\*\*/g, "$1")
        .replace(/`([^`]+)`/g, "$1")
        .replace(/<font[^>]*>(.*?)<\/font>/g, "$1")
        .replace(/\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, "$1 $2"),
    )
    .join("\n");
}

/** Packs lines into parts of at most `limit` characters; a longer line is cut by characters. */
export function splitLines(text: string, limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  const push = () => {
    if (current.trim() !== "") parts.push(current.replace(/^\n+|\n+$/g, ""));
    current = "";
  };
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const pieces: string[] = [];
    let piece = "";
    for (const ch of line) {
      if (piece.length + ch.length > limit) {
        pieces.push(piece);
        piece = "";
      }
      piece += ch;
    }
    pieces.push(piece);
    for (const p of pieces) {
      if (current !== "" && current.length + 1 + p.length > limit) push();
      current = current === "" ? p : `${current}\n${p}`;
    }
  }
  push();
  return parts;
}

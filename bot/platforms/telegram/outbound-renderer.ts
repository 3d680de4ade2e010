import type { OutboundMessage } from "../../../base/message.js";
import { escapeHtml, markdownUnits, plainUnits, type RenderedUnit, visibleLength } from "./markdown-html.js";

/** Bot API: "1-4096 characters after entities parsing". */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** How markdown goes out: Telegram HTML (bold, links …) or plain text with the markup removed. */
export type TelegramFormat = "html" | "plain";

/** One Bot API call, still without the chat id. */
export type TelegramCall =
  | { method: "sendMessage"; text: string; parseMode?: "HTML" }
  | { method: "sendPhoto"; bytes: Buffer; fileName: string }
  | { method: "sendDocument"; bytes: Buffer; fileName: string };

export interface TelegramRenderOptions {
  format: TelegramFormat;
  /** Telegram user ids to mention (as `tg://user?id=` links, HTML only). */
  mentions?: string[];
  limit?: number;
}

/**
 * Renders one neutral message as the Bot API calls that send it. Pure.
 *
 * @example
 *   renderTelegramOutbound({ kind: "markdown", text: "**古荥镇** 已上报 3 家" }, { format: "html" })
 *   // [{ method: "sendMessage", text: "<b>古荥镇</b> 已上报 3 家", parseMode: "HTML" }]
 */
export function renderTelegramOutbound(
  message: OutboundMessage,
  options: TelegramRenderOptions,
): TelegramCall[] {
  const limit = options.limit ?? TELEGRAM_TEXT_LIMIT;
  switch (message.kind) {
    case "image":
      return [{ method: "sendPhoto", bytes: message.bytes, fileName: message.fileName ?? "photo.jpg" }];
    case "file":
      return [{ method: "sendDocument", bytes: message.bytes, fileName: message.fileName }];
    case "text":
    case "markdown": {
      const mentions = (options.mentions ?? []).filter((id) => /^\d+$/.test(id));
      const html = options.format === "html" && (message.kind === "markdown" || mentions.length > 0);
      let units = message.kind === "markdown" ? markdownUnits(message.text) : plainUnits(message.text);
      if (!html) units = units.map((u) => ({ html: u.plain, plain: u.plain }));
      if (html && mentions.length > 0) {
        const links = mentions.map((id) => `<a href="tg://user?id=${id}">@${id}</a>`).join(" ");
        units = [{ html: links, plain: mentions.map((id) => `@${id}`).join(" ") }, ...units];
      }
      return packUnits(units, limit, html).map((text) =>
        html ? { method: "sendMessage", text, parseMode: "HTML" } : { method: "sendMessage", text },
      );
    }
  }
}

/** Packs lines into as few messages as fit the limit, splitting only between lines when it can. */
function packUnits(units: RenderedUnit[], limit: number, html: boolean): string[] {
  const measure = (u: RenderedUnit) => (html ? visibleLength(u.html) : u.plain.length);
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    const text = current.join("\n");
    if (text.trim() !== "") chunks.push(trimBlankLines(text));
    current = [];
    size = 0;
  };
  for (const unit of units) {
    const pieces = measure(unit) <= limit ? [unit] : hardSplit(unit.plain, limit, html);
    for (const piece of pieces) {
      const length = measure(piece);
      if (current.length > 0 && size + 1 + length > limit) flush();
      size += (current.length > 0 ? 1 : 0) + length;
      current.push(html ? piece.html : piece.plain);
    }
  }
  flush();
  return chunks;
}

/** A line longer than a whole message: cut by characters, formatting dropped, never inside a surrogate pair. */
function hardSplit(text: string, limit: number, html: boolean): RenderedUnit[] {
  const pieces: RenderedUnit[] = [];
  let piece = "";
  for (const ch of text) {
    if (piece.length + ch.length > limit) {
      pieces.push({ html: html ? escapeHtml(piece) : piece, plain: piece });
      piece = "";
    }
    piece += ch;
  }
  if (piece) pieces.push({ html: html ? escapeHtml(piece) : piece, plain: piece });
  return pieces;
}

function trimBlankLines(text: string): string {
  return text.replace(/^(\s*\n)+/, "").replace(/(\n\s*)+$/, "");
}

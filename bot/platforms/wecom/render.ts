import type { AppPayload } from "./api-client.js";
import { escapeMarkdown } from "./markdown-escape.js";
import { splitText, WECOM_LIMITS } from "./split-text.js";
import type { WebhookPayload } from "./webhook-client.js";

/** Outbound renderers: platform-neutral text in, WeCom payloads within the byte limits out. Pure. */

export function renderAppText(kind: "text" | "markdown", text: string): AppPayload[] {
  if (kind === "markdown") {
    return splitText(text, WECOM_LIMITS.appMarkdown).map((content) => ({
      msgtype: "markdown",
      markdown: { content },
    }));
  }
  return splitText(text, WECOM_LIMITS.appText).map((content) => ({ msgtype: "text", text: { content } }));
}

/** Robot text @-mentions through mentioned_list (first part only); markdown through `<@userid>`. */
export function renderWebhookText(
  kind: "text" | "markdown",
  text: string,
  mentions: string[] = [],
): WebhookPayload[] {
  if (kind === "markdown") {
    const tags = mentions.map((id) => `<@${id}>`).join(" ");
    const body = tags ? `${text}\n${tags}` : text;
    return splitText(body, WECOM_LIMITS.webhookMarkdown).map((content) => ({
      msgtype: "markdown",
      markdown: { content },
    }));
  }
  return splitText(text, WECOM_LIMITS.webhookText).map((content, i) => ({
    msgtype: "text",
    text: i === 0 && mentions.length > 0 ? { content, mentioned_list: mentions } : { content },
  }));
}

/** The AI bot takes markdown only: plain text goes escaped, so what users typed never turns into markup. */
export function renderAibotMarkdown(
  kind: "text" | "markdown",
  text: string,
): Array<{ msgtype: "markdown"; markdown: { content: string } }> {
  const markdown = kind === "text" ? escapeMarkdown(text) : text;
  return splitText(markdown, WECOM_LIMITS.aibotMarkdown).map((content) => ({
    msgtype: "markdown",
    markdown: { content },
  }));
}

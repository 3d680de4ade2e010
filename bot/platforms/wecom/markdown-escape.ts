/**
 * The AI bot speaks markdown only (response_url, aibot_respond_msg, aibot_send_msg), and its client
 * renders it as CommonMark does. The core's plain text carries what users typed (an enterprise named
 * `[官方通知](http://…)`, a village `**三组**`): every character that could start markup is escaped with
 * a backslash (CommonMark's escapes for ASCII punctuation), so the client shows the text as written.
 * Pure.
 *
 * @example escapeMarkdown("[官方通知](http://x)") // "\\[官方通知\\](http://x)"
 */
export function escapeMarkdown(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line
        // Anywhere in a line: escapes, code, emphasis, links and images, HTML and autolinks, entities,
        // strikethrough, tables.
        .replace(/[\\`*_[\]<>&~|]/g, "\\$&")
        // At a line's start (after its indent): headings, lists, quotes (> is escaped above), rules.
        .replace(/^(\s*)([#+=-])/, "$1\\$2")
        .replace(/^(\s*\d{1,9})([.)])/, "$1\\$2"),
    )
    .join("\n");
}

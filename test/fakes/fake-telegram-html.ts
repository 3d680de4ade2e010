/**
 * What the Bot API does with `parse_mode: "HTML"`: accepts only its few tags, properly nested, and only
 * the entities &lt; &gt; &amp; &quot; and numeric ones; anything else is "can't parse entities".
 * Returns the visible text (what the user sees), or an error description in Telegram's words.
 */
const ALLOWED = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-spoiler",
  "span",
]);

export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end < 0)
        return { error: `Bad Request: can't parse entities: Unclosed start tag at byte offset ${i}` };
      const tag = html.slice(i + 1, end);
      const closing = tag.startsWith("/");
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0]?.toLowerCase() ?? "";
      if (!ALLOWED.has(name)) {
        return {
          error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${i}`,
        };
      }
      if (closing) {
        if (stack.pop() !== name) {
          return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}` };
        }
      } else stack.push(name);
      i = end + 1;
    } else if (ch === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (!entity)
        return { error: `Bad Request: can't parse entities: Unsupported entity at byte offset ${i}` };
      text += { lt: "<", gt: ">", amp: "&", quot: '"' }[entity[1] as "lt"] ?? "?";
      i += entity[0].length;
    } else if (ch === ">") {
      return { error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${i}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  if (stack.length > 0)
    return {
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return { text };
}

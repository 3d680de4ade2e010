/**
 * The core writes a small markdown (WeCom's dialect: headings, **bold**, `code`, [links](url), > quotes,
 * - lists, <font color> spans). Telegram takes HTML with a few tags; everything else must be escaped.
 * Each source line becomes one unit, so long text can be split at line boundaries without cutting a tag.
 */

/** One rendered line (or one fenced code block), ready to be packed into messages. */
export interface RenderedUnit {
  html: string;
  plain: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

/** The characters Telegram counts: the HTML without tags, entities decoded. */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, "x").length;
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)|<font[^>]*>(.*?)<\/font>|(?<![\w*])\*(?![\s*])([^*]+?)(?<!\s)\*(?![\w*])/g;

function inline(line: string, html: boolean): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    const index = m.index ?? 0;
    out += html ? escapeHtml(line.slice(last, index)) : line.slice(last, index);
    last = index + m[0].length;
    const [, code, bold, linkText, href, font, italic] = m;
    if (code !== undefined) out += html ? `<code>${escapeHtml(code)}</code>` : code;
    else if (bold !== undefined) out += html ? `<b>${inline(bold, true)}</b>` : inline(bold, false);
    else if (linkText !== undefined && href !== undefined) out += link(linkText, href, html);
    else if (font !== undefined) out += inline(font, html);
    else if (italic !== undefined) out += html ? `<i>${inline(italic, true)}</i>` : inline(italic, false);
  }
  out += html ? escapeHtml(line.slice(last)) : line.slice(last);
  return out;
}

function link(text: string, href: string, html: boolean): string {
  const safe = /^(https?:\/\/|tg:\/\/)/i.test(href);
  if (!html) return safe ? `${inline(text, false)} (${href})` : `${inline(text, false)}`;
  if (!safe) return inline(text, true);
  return `<a href="${escapeAttribute(href)}">${inline(text, true)}</a>`;
}

function renderLine(line: string, html: boolean): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return html ? `<b>${inline(heading[1] ?? "", true)}</b>` : inline(heading[1] ?? "", false);
  const quote = /^>\s?(.*)$/.exec(line);
  if (quote) {
    const body = inline(quote[1] ?? "", html);
    return html ? `<blockquote>${body}</blockquote>` : body;
  }
  const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (item) return `${item[1] ?? ""}• ${inline(item[2] ?? "", html)}`;
  return inline(line, html);
}

/** Renders markdown to units: one per line, one per fenced code block. */
export function markdownUnits(markdown: string): RenderedUnit[] {
  const units: RenderedUnit[] = [];
  let fence: string[] | undefined;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*```/.test(line)) {
      if (fence) {
        const body = fence.join("\n");
        units.push({ html: `<pre>${escapeHtml(body)}</pre>`, plain: body });
        fence = undefined;
      } else fence = [];
      continue;
    }
    if (fence) fence.push(line);
    else units.push({ html: renderLine(line, true), plain: renderLine(line, false) });
  }
  if (fence) {
    const body = fence.join("\n");
    units.push({ html: `<pre>${escapeHtml(body)}</pre>`, plain: body });
  }
  return units;
}

/** Plain text as units, escaped for HTML (used when a plain text must carry HTML mentions). */
export function plainUnits(text: string): RenderedUnit[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => ({ html: escapeHtml(line), plain: line }));
}

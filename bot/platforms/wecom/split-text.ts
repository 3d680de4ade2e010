/** Byte limits of WeCom text payloads (UTF-8), from shared/protocols/wecom.md §4. */
export const WECOM_LIMITS = {
  /** message/send and appchat/send: text and markdown. */
  appText: 2048,
  appMarkdown: 2048,
  /** Group robot webhook/send. */
  webhookText: 2048,
  webhookMarkdown: 4096,
  /** AI bot response_url markdown. */
  aibotMarkdown: 20480,
} as const;

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * Splits text into parts of at most `maxBytes` UTF-8 bytes, at line boundaries where it can; a
 * single line longer than the limit is cut between characters (never inside one). Pure.
 *
 * @example splitText("一\n二", 3) // → ["一", "二"]
 */
export function splitText(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError("maxBytes must be at least 4 (one UTF-8 character)");
  if (byteLength(text) <= maxBytes) return [text];
  const parts: string[] = [];
  let current: string | null = null;
  let currentBytes = 0;
  for (const line of text.split("\n")) {
    const lineBytes = byteLength(line);
    if (current !== null && currentBytes + 1 + lineBytes <= maxBytes) {
      current = `${current}\n${line}`;
      currentBytes += 1 + lineBytes;
      continue;
    }
    if (current !== null) parts.push(current);
    const pieces = lineBytes <= maxBytes ? [line] : cutLine(line, maxBytes);
    parts.push(...pieces.slice(0, -1));
    current = pieces[pieces.length - 1] ?? "";
    currentBytes = byteLength(current);
  }
  if (current !== null) parts.push(current);
  // WeCom refuses empty content (44004); a part of blank lines carries nothing anyway.
  return parts.filter((p) => p.trim() !== "");
}

/** Cuts one long line into pieces of at most maxBytes, between code points. */
function cutLine(line: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let bytes = 0;
  for (const ch of line) {
    const b = byteLength(ch);
    if (bytes + b > maxBytes) {
      pieces.push(piece);
      piece = "";
      bytes = 0;
    }
    piece += ch;
    bytes += b;
  }
  if (piece !== "") pieces.push(piece);
  return pieces;
}

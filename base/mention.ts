import { escapeRegExp } from "../domain/escape-reg-exp.js";
/**
 * Whether a group message @-mentions the bot, and its text without that mention. People put the
 * mention anywhere: first (picked from the member list), last (古荥这周拆了几家 @整治助手), or in the
 * middle; Telegram, WeChat and WeCom clients put a space (WeChat: U+2005) after it. One function for
 * every platform and the core, so a mention counts the same wherever the bot's name is known.
 */
export interface Mention {
  mentioned: boolean;
  /** The text with the bot's mention taken out (and the spaces around it closed up). */
  text: string;
}

/**
 * Finds `@name` anywhere in `text`. A Latin name (a Telegram username) must not run on into more
 * letters (@huanbao_bot2 is another bot), nor follow a letter (/report@huanbao_bot is a command); a
 * Chinese one is followed by a space, a punctuation mark or the end (@环保助手小号 is someone else).
 *
 * @example takeMention("古荥这周拆了几家 @整治助手", "整治助手") // { mentioned: true, text: "古荥这周拆了几家" }
 */
export function takeMention(text: string, name: string | undefined): Mention {
  if (!name) return { mentioned: false, text };
  const latin = /^[A-Za-z0-9_]+$/.test(name);
  const re = new RegExp(
    `${latin ? "(?<![A-Za-z0-9_/])" : ""}@${escapeRegExp(name)}${latin ? "(?![A-Za-z0-9_])" : "(?=[\\s\\u2005\\p{P}]|$)"}[ \\t\\u2005]*`,
    latin ? "giu" : "gu",
  );
  const without = text.replace(re, " ");
  if (without === text) return { mentioned: false, text };
  return { mentioned: true, text: closeUp(without) };
}

/**
 * The bot's @-token in a message known to mention it (WeCom's AI bot is sent nothing else in a group):
 * the mentions at the start are taken (the bot is among them); with none there, the one @-token in the
 * text is the bot's, wherever it stands. Of several later ones none is taken (which is the bot cannot
 * be told), nor one after a leading mention (分包责任人：@张三 names a person).
 */
export function takeOnlyMention(text: string): string {
  const token = /(?<![A-Za-z0-9_.])@[^\s\u2005@]+(?:[ \t\u2005]+|(?=\n)|$)/g;
  const rest = text.replace(/^(\s*@[^\s\u2005@]+[\s\u2005]+)+/u, "").trim();
  if (rest !== text.trim()) return rest;
  return (rest.match(token) ?? []).length === 1 ? closeUp(rest.replace(token, " ")) : rest;
}

/** Spaces left where a mention was: none at the ends, one between words. */
function closeUp(text: string): string {
  return text
    .replace(/[ \t\u2005]{2,}/g, " ")
    .replace(/[ \t\u2005]*\n[ \t\u2005]*/g, "\n")
    .trim();
}

/**
 * Chat id schemes of the WeCom adapter (the core treats them as opaque strings):
 * - `user:<UserID>`        a member, privately: app message/send (also the private chat of the app)
 * - `appchat:<chatid>`     a group created by the app: appchat/send
 * - `aibot:<chatid>`       a group that reached us through the AI bot (@-mention)
 * - `aibot-user:<userid>`  a member's single chat with the AI bot
 * Any chat id may also be mapped to a group-robot webhook key in config (WECOM_ROBOT_WEBHOOKS).
 */
export const chatIds = {
  user: (userId: string) => `user:${userId}`,
  appchat: (chatId: string) => `appchat:${chatId}`,
  aibot: (chatId: string) => `aibot:${chatId}`,
  aibotUser: (userId: string) => `aibot-user:${userId}`,
};

export type ParsedChatId =
  | { scheme: "user" | "appchat" | "aibot" | "aibot-user"; id: string }
  | { scheme: "other"; id: string };

export function parseChatId(chatId: string): ParsedChatId {
  const i = chatId.indexOf(":");
  const scheme = i > 0 ? chatId.slice(0, i) : "";
  const id = chatId.slice(i + 1);
  if ((scheme === "user" || scheme === "appchat" || scheme === "aibot" || scheme === "aibot-user") && id) {
    return { scheme, id };
  }
  return { scheme: "other", id: chatId };
}

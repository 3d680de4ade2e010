/**
 * Telegram users expect `/commands`; the core speaks Chinese commands. A slash alias is rewritten
 * before the core sees the text, so `/report@huanbao_bot 古荥镇 …` reaches it as `上报 古荥镇 …`.
 */
const TELEGRAM_SLASH_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  report: "上报",
  progress: "进展",
  query: "查询",
  stats: "进度",
  overdue: "逾期",
  mine: "我的",
  help: "帮助",
  start: "帮助",
  bind: "绑定",
  close: "销号",
  reopen: "反弹",
  ledger: "台账",
  dossier: "档案",
  submit: "报送",
  cancel: "取消",
});
const SLASH = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?=\s|$)/;

/**
 * Rewrites a leading slash alias to its Chinese command. A command addressed to another bot
 * (`/report@other_bot`) or an unknown command is returned unchanged.
 *
 * @example rewriteSlashCommand("/report@huanbao_bot 张三", "huanbao_bot") // "上报 张三"
 */
export function rewriteSlashCommand(text: string, botUsername?: string): string {
  // "@huanbao_bot /help" (the bot picked from the mention list, then the command) is "/help@huanbao_bot".
  if (botUsername && text.toLowerCase().startsWith(`@${botUsername.toLowerCase()}`)) {
    const rest = text.slice(botUsername.length + 1);
    if (/^\s+\//.test(rest)) text = rest.trimStart();
  }
  const match = SLASH.exec(text);
  if (!match) return text;
  const [whole, command = "", addressee] = match;
  if (addressee && botUsername && addressee.toLowerCase() !== botUsername.toLowerCase()) return text;
  const chinese = TELEGRAM_SLASH_ALIASES[command.toLowerCase()];
  if (!chinese) return text;
  return chinese + text.slice(whole.length);
}

import {
  type QuestionParts,
  questionParts,
  readingLine,
  readQuestion,
} from "../domain/reading/question-reading.js";
import { ALL_ROLES } from "./command.js";
import type { BotContext } from "./context.js";
import type { InputHandler } from "./input-handler.js";
import { answerQuestion } from "./question-answer.js";

/**
 * Spoken to: always in a private chat; in a group only when the bot was @-mentioned (the platform
 * says so; where it cannot tell, the text begins with an @), so a group's talk among people is left
 * alone — and a question put to a colleague (@张三 你们这周拆了几家) too, where the platform knows.
 */
export function addressed(ctx: BotContext): boolean {
  const m = ctx.message;
  return m.chatKind === "private" || (m.mentioned ?? /^\s*@/.test(m.text ?? ""));
}

/** Whether the text reads as a question (so an unfinished report's hint does not swallow it). */
export async function readsAsQuestion(ctx: BotContext): Promise<boolean> {
  return readQuestion(ctx.text, await vocabularyOf(ctx)) !== null;
}

async function vocabularyOf(ctx: BotContext) {
  const towns = await ctx.repos.towns.list();
  return {
    towns: towns.map((t) => t.name),
    townCodes: towns.map((t) => [t.code, t.name] as const),
    people: (await ctx.repos.persons.list()).map((p) => p.name),
    askerHasOwnCases: ctx.person?.role === "inspector",
  };
}

/**
 * A question in plain words (古荥这周拆了几家？): the reading first, in one line, then the answer.
 * What is not understood is not guessed at: the closest commands are offered instead.
 */
export const plainQuestionHandler: InputHandler = {
  on: "text",
  name: "提问",
  roles: ALL_ROLES,
  async run(ctx) {
    if (!addressed(ctx)) return false;
    const vocabulary = await vocabularyOf(ctx);
    const reading = readQuestion(ctx.text, vocabulary);
    if (!reading) {
      ctx.reply(notUnderstood(questionParts(ctx.text, vocabulary)));
      return true;
    }
    ctx.reply(`${readingLine(reading)}\n${await answerQuestion(ctx, reading)}`);
    return true;
  },
};

/** 没有看懂 and the commands nearest to the words that were recognised (never an answer). */
function notUnderstood(parts: QuestionParts | null): string {
  const tokens = parts?.tokens ?? [];
  const value = (kind: string) =>
    tokens.find((t): t is typeof t & { value: string } => t.kind === kind && "value" in t)?.value;
  const town = value("town");
  const scope = town && town !== "全区" ? ` ${town}` : "";
  const hints: string[] = [];
  const enterprise = value("enterprise");
  if (enterprise && enterprise.length <= 12) hints.push(`查询 ${enterprise}`);
  if (value("subject") === "逾期") hints.push(`逾期${scope}`);
  if (tokens.some((t) => t.kind === "me")) hints.push("我的");
  if (tokens.length > 0) hints.push(`进度${scope}`);
  const lines = hints.length
    ? ["可以试试：", ...new Set(hints)]
    : ["可以这样问：古荥这周拆了几家？ / 花园口还有多少没整改完的 / 黄河塑料厂怎么样了"];
  return ["没有看懂这条消息，没有作答。", ...lines, "发送「帮助」查看可用指令和上报模板。"].join("\n");
}

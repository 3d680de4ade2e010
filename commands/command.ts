import type { Role } from "../domain/enums.js";
import type { KnownContext } from "./context.js";

/**
 * One chat command: what it accepts, who may use it, what it does, what it answers.
 *
 * @example
 *   export const mineCommand: Command = {
 *     name: "我的", roles: ALL_ROLES, summary: "我负责的未销号案件", usage: "我的",
 *     async run(ctx) { ctx.reply("…"); },
 *   };
 */
export interface Command {
  /** The Chinese word that starts the message. */
  name: string;
  aliases?: string[];
  roles: readonly Role[];
  summary: string;
  usage: string;
  /** `args` is the text after the command word, trimmed. */
  run(ctx: KnownContext, args: string): Promise<void>;
}

export const ALL_ROLES: readonly Role[] = [
  "inspector",
  "town_admin",
  "district_supervisor",
  "director",
  "admin",
];
/** Who may report and post progress: the towns' people, the district's supervisors, the operator. */
export const REPORTERS: readonly Role[] = ["inspector", "town_admin", "district_supervisor", "admin"];

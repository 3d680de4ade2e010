import { DEFAULT_SUPERVISION_POLICY, type SupervisionPolicy } from "../../domain/supervision-policy.js";
import type { Command } from "../command.js";
import { createEscalationsCommand } from "./escalations.js";
import { inspectCommand } from "./inspect.js";
import { reboundCheckCommand } from "./rebound-check.js";
import { createSampleCommand } from "./sample.js";
import { summonsCommand } from "./summons.js";
import { createSupervisionProgressCommand } from "./supervision-progress.js";
import { createTipCommand } from "./tip.js";
import { tipVerifyCommand } from "./tip-verify.js";
import { transferCloseCommand } from "./transfer-close.js";
import { transferFeedbackCommand } from "./transfer-feedback.js";
import { createOtherTransferCommand } from "./transfer-other.js";
import { transfersCommand } from "./transfers.js";

/**
 * The district supervision commands (抽查 督查 督查进度 移交 反馈 移交销号 督办 线索 核实 回头看), with
 * the policy they follow (20 % floor, tip and notice days, rebound months).
 */
export function createSupervisionCommands(policy: SupervisionPolicy = DEFAULT_SUPERVISION_POLICY): Command[] {
  return [
    createSampleCommand(policy),
    inspectCommand,
    createSupervisionProgressCommand(policy),
    transfersCommand,
    transferFeedbackCommand,
    transferCloseCommand,
    createOtherTransferCommand("police"),
    createOtherTransferCommand("government"),
    createEscalationsCommand(policy),
    summonsCommand,
    createTipCommand(policy),
    tipVerifyCommand,
    reboundCheckCommand,
  ];
}

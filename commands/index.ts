import { bindCommand } from "./bind.js";
import { boardLinkCommand } from "./board-link.js";
import { chatMovedHandler } from "./chat-moved.js";
import { closeCommand } from "./close.js";
import type { Command } from "./command.js";
import { correctCommand } from "./correct.js";
import { dossierCommand } from "./dossier.js";
import { cancelDraftCommand, confirmDraftCommand, forceReportCommand } from "./draft-actions.js";
import { draftFollowUpHandler } from "./draft-follow-up.js";
import { draftPhotoHandler } from "./draft-photo.js";
import { freeTextReportHandler } from "./free-text-report.js";
import { createHelpCommand, greetingHandler, groupJoinHandler } from "./help.js";
import type { EventHandler, InputHandler, Routes } from "./input-handler.js";
import { ledgerCommand, supervisionLedgerCommand } from "./ledger.js";
import { ledgerFileHandler } from "./ledger-import.js";
import { mediaUnavailableHandler } from "./media-unavailable.js";
import { mineCommand } from "./mine.js";
import { overdueCommand } from "./overdue.js";
import { peopleCommand } from "./people.js";
import { locationHandler, notImageHandler, photoHandler } from "./photo.js";
import { photoAcceptCommand } from "./photo-accept.js";
import { plainQuestionHandler } from "./plain-question.js";
import { progressCommand } from "./progress.js";
import { pushNowCommand } from "./push-now.js";
import { pushPreviewCommand } from "./push-preview.js";
import { queryCommand } from "./query.js";
import { registerCommand } from "./register.js";
import { reopenCommand } from "./reopen.js";
import { reportCommand } from "./report.js";
import { statsCommand } from "./stats.js";
import { stampedPhotoHandler, submissionFileHandler, summaryCommand } from "./submission-parts.js";
import { submissionStatusCommand } from "./submission-status.js";
import { submitCommand } from "./submit.js";
import { createSupervisionCommands } from "./supervision/supervision-commands.js";
import { tipPhotoHandler } from "./supervision/tip-link.js";
import { surveyDoneCommand } from "./survey.js";
import { wallChartCommand } from "./wall-chart.js";
import { withdrawCommand } from "./withdraw.js";

/** Every chat command, in the order 帮助 lists them. Features add theirs here. */
export const COMMANDS: Command[] = [
  reportCommand,
  progressCommand,
  closeCommand,
  reopenCommand,
  correctCommand,
  withdrawCommand,
  queryCommand,
  statsCommand,
  wallChartCommand,
  boardLinkCommand,
  overdueCommand,
  mineCommand,
  ledgerCommand,
  supervisionLedgerCommand,
  dossierCommand,
  photoAcceptCommand,
  forceReportCommand,
  confirmDraftCommand,
  cancelDraftCommand,
  bindCommand,
  registerCommand,
  peopleCommand,
  submitCommand,
  submissionStatusCommand,
  summaryCommand,
  surveyDoneCommand,
  pushPreviewCommand,
  pushNowCommand,
  ...createSupervisionCommands(),
];
COMMANDS.push(createHelpCommand(() => COMMANDS));

/**
 * Every other kind of input, tried in this order within its kind: a "photo" that is not a picture is
 * refused, a photo goes to a tip when it is for one, to a report not yet filed, else to an enterprise's
 * file; text that is no draft's follow-up is read as a description of an enterprise (a 上报 draft),
 * else as a question in plain words. Features add theirs here.
 */
export const HANDLERS: InputHandler[] = [
  notImageHandler,
  stampedPhotoHandler,
  tipPhotoHandler,
  draftPhotoHandler,
  photoHandler,
  locationHandler,
  submissionFileHandler,
  ledgerFileHandler,
  draftFollowUpHandler,
  freeTextReportHandler,
  plainQuestionHandler,
];

export const EVENT_HANDLERS: EventHandler[] = [
  greetingHandler,
  groupJoinHandler,
  mediaUnavailableHandler,
  chatMovedHandler,
];

/** What the router dispatches to; tests may swap the commands. */
export function routesWith(commands: readonly Command[] = COMMANDS): Routes {
  return { commands, handlers: HANDLERS, events: EVENT_HANDLERS };
}

/** Finds the command a message starts with; the longest name wins (仍然上报 over 上报). */
const wordLists = new WeakMap<readonly Command[], { word: string; command: Command }[]>();

/** Every name and alias, longest first (so 查询 wins over 查); worked out once per command list. */
function commandWords(commands: readonly Command[]) {
  let words = wordLists.get(commands);
  if (!words) {
    words = commands
      .flatMap((c) => [c.name, ...(c.aliases ?? [])].map((w) => ({ word: w, command: c })))
      .sort((a, b) => b.word.length - a.word.length);
    wordLists.set(commands, words);
  }
  return words;
}

export function matchCommand(text: string, commands: readonly Command[] = COMMANDS) {
  const words = commandWords(commands);
  const trimmed = text.trimStart();
  for (const { word, command } of words) {
    if (trimmed.startsWith(word)) {
      const rest = trimmed.slice(word.length);
      // 查询黄河 is fine without a space, but 查 must not swallow 查看…: single-char aliases need a break.
      if (word.length === 1 && rest !== "" && !/^[\s:：]/.test(rest)) continue;
      return { command, args: rest.replace(/^[\s:：]+/, "").trim() };
    }
  }
  return null;
}

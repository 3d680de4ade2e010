import type { FetchedMedia, InboundMessage, OutboundMessage, OutboundTarget } from "../base/message.js";

export interface PlatformCapabilities {
  markdown: boolean;
  image: boolean;
  file: boolean;
  mention: boolean;
  /** Longest text the platform takes in one message, in UTF-8 bytes. */
  maxTextBytes: number;
}

/**
 * Whether a platform can reach its chat service now. Read by /healthz, /metrics and the operator
 * alerts (a platform down for more than N minutes); each platform keeps it up to date as it starts,
 * loses and regains its connection, and stops (bot/platform-status.ts holds the cell).
 */
export interface PlatformStatus {
  connected: boolean;
  /** When the current state began. */
  since: Date;
  /** Why it is not connected, in a few words the operator reads (Chinese). */
  reason?: string;
}

/**
 * How far a message split into parts (a long 查询 sent as three texts) has gone: a retry skips the
 * parts already delivered, so each part reaches the chat once.
 *
 * @example
 *   for (const [i, part] of parts.entries()) {
 *     if (i < progress.done) continue;
 *     await deliver(part);
 *     await progress.partSent(i + 1);
 *   }
 */
export interface SendProgress {
  /** Parts delivered by earlier attempts. */
  readonly done: number;
  /** Records that the first `done` parts are delivered (before the next part is tried). */
  partSent(done: number): Promise<void>;
}

/** Sends each part once: skips what earlier attempts delivered, records each part as it goes. */
export async function sendParts<T>(
  parts: readonly T[],
  progress: SendProgress | undefined,
  deliver: (part: T, index: number) => Promise<void>,
): Promise<void> {
  const from = progress?.done ?? 0;
  for (const [i, part] of parts.entries()) {
    if (i < from) continue;
    await deliver(part, i);
    if (i + 1 < parts.length) await progress?.partSent(i + 1);
  }
}

/**
 * One chat platform, seen by the core. Model: wechaty/puppet's Puppet, without its mixins.
 *
 * @example
 *   const console = createConsolePlatform({ input: process.stdin, output: process.stdout });
 *   await console.start((m) => pipeline.receive(m));
 *   await console.send({ platform: "console", chatId: "古荥镇群" }, { kind: "text", text: "你好" });
 */
export interface Platform {
  readonly name: string;
  readonly capabilities: PlatformCapabilities;
  /** Starts receiving; `onMessage` resolves once the message is stored (safe to acknowledge). */
  start(onMessage: (message: InboundMessage) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /**
   * Sends one message; throws PlatformRefusedError or PlatformRequestError on failure. A message
   * the platform sends in several parts reports each through `progress` and skips those done.
   */
  send(target: OutboundTarget, message: OutboundMessage, progress?: SendProgress): Promise<void>;
  /**
   * Fetches a photo or file a message left pending (InboundMessage.pendingMedia.ref): throws
   * PlatformRequestError (or a retryable refusal) to be tried again later, a PlatformRefusedError
   * when the platform says it is gone for good.
   */
  fetchMedia?(ref: string): Promise<FetchedMedia>;
  /** Connected or not, and since when (see PlatformStatus). */
  status(): PlatformStatus;
  /** Most platforms send to different chats at once; this many calls at a time (default 8). */
  readonly sendConcurrency?: number;
}

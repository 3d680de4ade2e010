import type { InboundMessage, OutboundMessage, OutboundTarget } from "../base/message.js";

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
  /** Sends one message; throws PlatformRefusedError or PlatformRequestError on failure. */
  send(target: OutboundTarget, message: OutboundMessage): Promise<void>;
  /** Connected or not, and since when (see PlatformStatus). */
  status(): PlatformStatus;
}

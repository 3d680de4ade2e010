import type { Logger } from "pino";

/** An ack as the SDK logs it: `{headers: {req_id}, errcode, errmsg}`, no cmd. */
export interface LateAck {
  cmd?: string;
  headers?: { req_id?: string };
  errcode?: number;
}

/**
 * The logger handed to `@wecom/aibot-node-sdk`: its chatter goes to pino at debug (the client
 * logs connects, disconnects and refusals itself, once and with fields), its errors at warn.
 *
 * One line is read, not just logged: the SDK drops an ack that comes after its 5 s timeout as
 * "Received unknown frame (ignored): {json}" (1.0.7, `handleFrame`). That ack says whether a
 * message the outbox is about to send again was delivered after all, so it goes to `onLateAck`.
 */
export function createSdkLogger(log: Pick<Logger, "debug" | "warn">, onLateAck: (frame: LateAck) => void) {
  const text = (message: unknown, args: unknown[]) =>
    [message, ...args].map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  return {
    debug: (message: string, ...args: unknown[]) =>
      log.debug({ sdk: text(message, args) }, "wecom AI bot sdk"),
    info: (message: string, ...args: unknown[]) =>
      log.debug({ sdk: text(message, args) }, "wecom AI bot sdk"),
    warn(message: string, ...args: unknown[]) {
      if (typeof message === "string" && message.startsWith("Received unknown frame")) {
        try {
          const frame = JSON.parse(String(args[0])) as LateAck;
          if (frame && typeof frame === "object" && !frame.cmd) return onLateAck(frame);
        } catch {
          // not an ack: logged below like any other warning
        }
      }
      log.debug({ sdk: text(message, args) }, "wecom AI bot sdk");
    },
    error: (message: string, ...args: unknown[]) =>
      log.warn({ sdk: text(message, args) }, "wecom AI bot sdk"),
  };
}

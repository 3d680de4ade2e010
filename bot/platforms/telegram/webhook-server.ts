import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "telegraf/types";
import { type GuardLog, guardHandler, HttpError, readBody } from "../../../base/http-guard.js";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";
const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookServerOptions {
  host: string;
  port: number;
  path: string;
  secretToken: string;
  /** Resolves once the update is stored; a rejection answers 500 so Telegram delivers it again. */
  onUpdate: (update: Update) => Promise<void>;
  onError: (error: unknown) => void;
  /** Refused and failed requests are logged here (by the shared guard). */
  log: GuardLog;
}

/**
 * Receives Bot API webhook posts. Ours rather than telegraf's `webhookCallback`, which answers 200
 * even when the handler failed: here a failure answers 500 and Telegram redelivers (the message id
 * dedupes). A post without the right `X-Telegram-Bot-Api-Secret-Token` gets 403, as with telegraf; a
 * body over 1 MB gets 413, one that is not an update object (`null`, `[]`, no update_id) 400 and a
 * log line, so Telegram does not redeliver it forever. Behind the shared guard of every HTTP server.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<Server> {
  const expected = Buffer.from(options.secretToken);
  const server = createServer(
    guardHandler("telegram webhook", options.log, async (req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path !== options.path) return void res.writeHead(404).end();
      if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
      const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ""));
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return void res.writeHead(403).end();
      const update = parseUpdate(await readBody(req, MAX_BODY_BYTES));
      try {
        await options.onUpdate(update);
        res.writeHead(200).end();
      } catch (error) {
        options.onError(error);
        res.writeHead(500).end();
      }
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** A Bot API update is a JSON object with an integer update_id; anything else is refused with 400. */
function parseUpdate(body: Buffer): Update {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "body is not JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "body is not an update object");
  }
  if (!Number.isInteger((value as { update_id?: unknown }).update_id)) {
    throw new HttpError(400, "update without update_id");
  }
  return value as Update;
}

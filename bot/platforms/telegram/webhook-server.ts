import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "telegraf/types";

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
}

/**
 * Receives Bot API webhook posts. Ours rather than telegraf's `webhookCallback`, which answers 200
 * even when the handler failed: here a failure answers 500 and Telegram redelivers (the message id
 * dedupes). A post without the right `X-Telegram-Bot-Api-Secret-Token` gets 403, as with telegraf.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<Server> {
  const expected = Buffer.from(options.secretToken);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== options.path) return void res.writeHead(404).end();
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ""));
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return void res.writeHead(403).end();
    let update: Update;
    try {
      update = JSON.parse((await readBody(req)).toString("utf8")) as Update;
    } catch {
      return void res.writeHead(400).end();
    }
    try {
      await options.onUpdate(update);
      res.writeHead(200).end();
    } catch (error) {
      options.onError(error);
      res.writeHead(500).end();
    }
  });
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

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

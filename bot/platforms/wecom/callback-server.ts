import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { guardHandler, HttpError, readBody } from "../../../base/http-guard.js";
import type { InboundMessage } from "../../../base/message.js";
import type { WecomCrypto } from "./crypto.js";
import { mapAibotCallback } from "./inbound-aibot.js";
import { mapAppCallback } from "./inbound-app.js";
import { type WecomMediaFetch, type WecomMediaRef, withWecomMedia } from "./media-fetch.js";
import { parseWecomXml, xmlText } from "./xml.js";

export interface WecomCallbackOptions {
  /** Self-built app callback (XML, receiveid = corpid). */
  app?: { path: string; crypto: WecomCrypto };
  /** AI bot callback (JSON, receiveid = ""). */
  aibot?: {
    path: string;
    crypto: WecomCrypto;
    /** Remembers the one-shot reply URL of the chat's latest message. */
    onResponseUrl?: (chatId: string, url: string, receivedAt: Date) => void;
  };
  /** Fetches a message's photo or file (media/get, or the AI bot's URL). */
  fetchMedia: WecomMediaFetch;
  /** Stores the message (the core dedupes by messageId and handles it later); resolves when stored. */
  onMessage: (message: InboundMessage) => Promise<void>;
  logger: Pick<Logger, "info" | "warn" | "error"> & Partial<Pick<Logger, "debug">>;
  now?: () => Date;
  maxBodyBytes?: number;
}

/**
 * The node:http handler for WeCom callbacks. GET answers URL verification with the decrypted echo;
 * POST verifies, decrypts and maps the message, fetches its photo at once (media ids expire) — or,
 * when WeCom does not answer, hands the message on with the reference to fetch it again later
 * (pendingMedia; the core keeps it in storage) — awaits `onMessage` and answers 200 with an empty body. Forged or malformed requests get a 4xx (a body over
 * 1 MB: 413) and go no further; a failure to store answers 500 so WeCom retries (3 tries). Behind
 * the shared guard: no request, however broken or aborted, can end the process.
 *
 * @example
 *   http.createServer(createWecomCallbackHandler({ app, onMessage, logger }))
 */
export function createWecomCallbackHandler(options: WecomCallbackOptions): RequestListener {
  const now = options.now ?? (() => new Date());
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;

  return guardHandler("wecom callback", options.logger, handle);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://callback.local");
    const mode =
      url.pathname === options.app?.path ? "app" : url.pathname === options.aibot?.path ? "aibot" : null;
    const crypto = mode === "app" ? options.app?.crypto : options.aibot?.crypto;
    if (!mode || !crypto) return void res.writeHead(404).end();
    const q = url.searchParams;
    try {
      const signature = q.get("msg_signature") ?? "";
      const timestamp = q.get("timestamp") ?? "";
      const nonce = q.get("nonce") ?? "";
      if (!signature || !timestamp || !nonce) throw new HttpError(400, "missing signature parameters");

      if (req.method === "GET") {
        // WeCom percent-encodes + / =; an unencoded "+" arrives as a space after decoding.
        const echostr = (q.get("echostr") ?? "").replace(/ /g, "+");
        const plain = open(crypto, signature, timestamp, nonce, echostr);
        res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
        return void res.end(plain);
      }
      if (req.method !== "POST") throw new HttpError(405, `method ${req.method}`);

      const body = await readBody(req, maxBody);
      const receivedAt = now();
      const mapped =
        mode === "app"
          ? await appMessage(body, signature, timestamp, nonce, receivedAt)
          : await aibotMessage(body, signature, timestamp, nonce, receivedAt);
      if (!mapped) return void res.writeHead(200).end();

      options.logger.debug?.(
        { chatId: mapped.chat.id, messageId: mapped.messageId, kind: mapped.kind },
        "wecom message",
      );
      try {
        await options.onMessage(mapped);
      } catch (error) {
        options.logger.error(
          { err: error, messageId: mapped.messageId },
          "wecom callback: storing the message failed",
        );
        return void res.writeHead(500).end();
      }
      res.writeHead(200).end();
    } catch (error) {
      // Refusals (4xx) are answered and logged by the guard.
      if (error instanceof HttpError) throw error;
      options.logger.error({ err: error, path: url.pathname }, "wecom callback failed");
      return void res.writeHead(503).end();
    }
  }

  async function appMessage(
    body: Buffer,
    signature: string,
    timestamp: string,
    nonce: string,
    receivedAt: Date,
  ) {
    const app = options.app;
    if (!app) throw new HttpError(404, "no self-built app callback here");
    const envelope = parseXmlOr400(body.toString("utf8"));
    const encrypted = xmlText(envelope, "Encrypt");
    if (!encrypted) throw new HttpError(400, "no Encrypt element");
    const raw = parseXmlOr400(open(app.crypto, signature, timestamp, nonce, encrypted));
    const mapped = mapAppCallback(raw, receivedAt);
    if (!mapped) return logSkipped(xmlText(raw, "MsgType"));
    if (mapped.mediaId) return withMedia(mapped.message, { via: "app", mediaId: mapped.mediaId });
    return mapped.message;
  }

  async function aibotMessage(
    body: Buffer,
    signature: string,
    timestamp: string,
    nonce: string,
    receivedAt: Date,
  ) {
    const aibot = options.aibot;
    if (!aibot) throw new HttpError(404, "no AI bot callback here");
    let encrypted: unknown;
    try {
      encrypted = (JSON.parse(body.toString("utf8")) as { encrypt?: unknown }).encrypt;
    } catch {
      throw new HttpError(400, "body is not JSON");
    }
    if (typeof encrypted !== "string" || !encrypted) throw new HttpError(400, "no encrypt field");
    let raw: unknown;
    try {
      raw = JSON.parse(open(aibot.crypto, signature, timestamp, nonce, encrypted));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, "decrypted payload is not JSON");
    }
    const mapped = mapAibotCallback(raw, receivedAt);
    if (!mapped) return logSkipped((raw as { msgtype?: string })?.msgtype);
    // enter_chat is answered only in the callback's own response, which this bot does not give (it
    // answers later, through the outbox): a greeting queued for it could never be delivered.
    if (mapped.message.kind === "event") return logSkipped("event");
    if (mapped.responseUrl) aibot.onResponseUrl?.(mapped.message.chat.id, mapped.responseUrl, receivedAt);
    if (mapped.mediaUrl) return withMedia(mapped.message, { via: "aibot", url: mapped.mediaUrl });
    return mapped.message;
  }

  /** Fetched now (media ids expire); kept to fetch again when WeCom does not answer; refused: told. */
  function withMedia(message: InboundMessage, ref: WecomMediaRef): Promise<InboundMessage> {
    return withWecomMedia(message, ref, options.fetchMedia, (error, kept) =>
      options.logger[kept ? "warn" : "error"](
        { err: error, messageId: message.messageId, via: ref.via },
        kept
          ? "wecom media not fetched yet; kept to be fetched again"
          : "wecom media could not be fetched; the sender is asked to send it again",
      ),
    );
  }

  function logSkipped(kind: string | undefined): undefined {
    options.logger.info({ kind }, "wecom callback: kind not used by the bot, acknowledged");
    return undefined;
  }
}

function open(
  crypto: WecomCrypto,
  signature: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
): string {
  if (!crypto.verify(signature, timestamp, nonce, encrypted)) throw new HttpError(403, "bad signature");
  try {
    return crypto.decrypt(encrypted);
  } catch (error) {
    throw new HttpError(403, `cannot decrypt: ${(error as Error).message}`);
  }
}

function parseXmlOr400(xml: string) {
  try {
    return parseWecomXml(xml);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
}

import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import type { Update } from "telegraf/types";
import { parseTelegramHtml } from "./fake-telegram-html.js";

/**
 * A Bot API server on 127.0.0.1 that speaks the documented protocol: `POST /bot<token>/<method>` with JSON or
 * multipart bodies, `{ ok, result }` answers, errors as `{ ok: false, error_code, description, parameters }`,
 * long-polling getUpdates with offset/timeout, getFile and `GET /file/bot<token>/<path>`.
 * Point telegraf at it with `telegram: { apiRoot: fake.apiRoot }`.
 */
export interface SentRecord {
  method: "sendMessage" | "sendPhoto" | "sendDocument";
  chatId: string;
  text?: string;
  parseMode?: string;
  /** The text as the user sees it (HTML parsed). */
  visibleText?: string;
  file?: { bytes: Buffer; fileName: string; mime: string };
  messageId: number;
}

interface ApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

type Params = Record<string, unknown>;
type Waiter = { resolve: () => void; timer: NodeJS.Timeout };

export async function startFakeTelegram(
  options: {
    token?: string;
    username?: string;
    /**
     * As a local telegram-bot-api server started with --local: getFile answers with the file's
     * absolute path on this machine (under this folder), and the bot reads it from disk.
     */
    localDir?: string;
    /** Every send* answers after this long (a Bot API far away; for the delivery bench). */
    sendLatencyMs?: number;
  } = {},
) {
  const token = options.token ?? `123456789:${randomBytes(12).toString("hex")}`;
  const username = options.username ?? "huanbao_test_bot";
  const calls: Array<{ method: string; params: Params }> = [];
  const sent: SentRecord[] = [];
  const queue: Update[] = [];
  const files = new Map<string, { bytes: Buffer; path: string; uniqueId: string }>();
  const failures = new Map<string, ApiError[]>();
  /** While set, every send* call's connection is reset ("reset") or answered 502 by a proxy ("http502"). */
  let outage: "reset" | "http502" | null = null;
  /** While set, getFile answers 500 (Telegram failing to serve files, the rest up). */
  let fileOutage = false;
  const blocked = new Set<string>();
  /** Groups upgraded to supergroups: old chat id → new chat id. */
  const moved = new Map<string, number>();
  let waiters: Waiter[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  let retryAfter: number | undefined;
  let sentListeners: Array<() => void> = [];
  /** Calls to these methods are never answered (a Bot API hanging on one chat), until released. */
  const hanging = new Map<string, Array<() => void>>();
  const stalled = new Map<string, Array<() => void>>();

  const wake = () => {
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
    waiters = [];
  };

  async function getUpdates(p: Params, req: IncomingMessage): Promise<Update[]> {
    const offset = Number(p.offset ?? 0);
    if (offset > 0) while (queue.length > 0 && (queue[0]?.update_id ?? 0) < offset) queue.shift();
    const limit = Number(p.limit ?? 100);
    const ready = () => queue.filter((u) => u.update_id >= offset).slice(0, limit);
    const timeout = Number(p.timeout ?? 0);
    if (ready().length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const waiter: Waiter = { resolve, timer: setTimeout(resolve, timeout * 1000) };
        waiters.push(waiter);
        req.socket.once("close", () => {
          clearTimeout(waiter.timer);
          waiters = waiters.filter((w) => w !== waiter);
          resolve();
        });
      });
    }
    return ready();
  }

  function record(method: SentRecord["method"], p: Params, file?: SentRecord["file"]): unknown | ApiError {
    const chatId = String(p.chat_id ?? "");
    if (!chatId) return { error_code: 400, description: "Bad Request: chat_id is empty" };
    const movedTo = moved.get(chatId);
    if (movedTo !== undefined)
      return {
        error_code: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: movedTo },
      };
    if (blocked.has(chatId))
      return { error_code: 403, description: "Forbidden: bot was blocked by the user" };
    const entry: SentRecord = { method, chatId, messageId: nextMessageId++ };
    if (method === "sendMessage") {
      const text = String(p.text ?? "");
      let visible = text;
      if (p.parse_mode === "HTML") {
        const parsed = parseTelegramHtml(text);
        if ("error" in parsed) return { error_code: 400, description: parsed.error };
        visible = parsed.text;
      }
      if (visible.trim() === "")
        return { error_code: 400, description: "Bad Request: message text is empty" };
      if (visible.length > 4096) return { error_code: 400, description: "Bad Request: message is too long" };
      Object.assign(entry, {
        text,
        visibleText: visible,
        ...(p.parse_mode ? { parseMode: p.parse_mode } : {}),
      });
    } else {
      if (!file) return { error_code: 400, description: "Bad Request: there is no photo in the request" };
      entry.file = file;
    }
    sent.push(entry);
    for (const listener of sentListeners) listener();
    const chat = { id: Number(chatId), type: Number(chatId) < 0 ? "supergroup" : "private" };
    return { message_id: entry.messageId, date: Math.floor(Date.now() / 1000), chat, text: entry.text };
  }

  async function api(method: string, p: Params, file: SentRecord["file"], req: IncomingMessage) {
    const planned =
      failures.get(`${method}:${String(p.chat_id ?? "")}`)?.shift() ?? failures.get(method)?.shift();
    if (planned) return planned;
    const isSend = method.startsWith("send");
    if (isSend && retryAfter !== undefined) {
      return {
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    }
    switch (method) {
      case "getMe":
        return { id: Number(token.split(":")[0]), is_bot: true, first_name: "环保督查", username };
      case "deleteWebhook":
      case "setWebhook":
        return true;
      case "getUpdates":
        return getUpdates(p, req);
      case "sendMessage":
      case "sendPhoto":
      case "sendDocument":
        return record(method, p, file);
      case "getFile": {
        if (fileOutage) return { error_code: 500, description: "Internal Server Error" };
        const stored = files.get(String(p.file_id));
        if (!stored) return { error_code: 400, description: "Bad Request: invalid file_id" };
        const { bytes, path, uniqueId } = stored;
        const filePath = options.localDir ? join(options.localDir, path) : path;
        return { file_id: p.file_id, file_unique_id: uniqueId, file_size: bytes.length, file_path: filePath };
      }
      default:
        return { error_code: 404, description: "Not Found" };
    }
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readAll(req);
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (req.method === "GET" && fileMatch) {
      const stored = [...files.values()].find((f) => f.path === fileMatch[2]);
      if (fileMatch[1] !== token || !stored) return void res.writeHead(404).end("Not Found");
      return void res.writeHead(200, { "content-type": "application/octet-stream" }).end(stored.bytes);
    }
    const apiMatch = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!apiMatch) return reply(res, { error_code: 404, description: "Not Found" });
    if (apiMatch[1] !== token) return reply(res, { error_code: 401, description: "Unauthorized" });
    const method = apiMatch[2] ?? "";
    const { params, file } = await parseBody(req, body, url);
    calls.push({ method, params });
    if (outage && method.startsWith("send")) {
      if (outage === "reset") return void req.socket.destroy();
      return void res.writeHead(502, { "content-type": "text/html" }).end("<html>502 Bad Gateway</html>");
    }
    const stall = stalled.get(`${method}:${String(params.chat_id ?? "")}`);
    if (stall) {
      await new Promise<void>((resolve) => stall.push(resolve));
      return void req.socket.destroy();
    }
    const hang = hanging.get(`${method}:${String(params.chat_id ?? "")}`);
    if (hang) await new Promise<void>((resolve) => hang.push(resolve));
    if (options.sendLatencyMs && method.startsWith("send"))
      await new Promise((resolve) => setTimeout(resolve, options.sendLatencyMs));
    reply(res, await api(method, params, file, req));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    token,
    username,
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    sent,
    /** Queues an update as Telegram would deliver it; returns its update_id. */
    pushUpdate(update: Omit<Update, "update_id">): number {
      const full = { ...update, update_id: nextUpdateId++ } as Update;
      queue.push(full);
      wake();
      return full.update_id;
    },
    /** Stores a file the bot can getFile and download; returns its file_id. */
    addFile(bytes: Buffer, path = `photos/file_${files.size}.jpg`): string {
      const fileId = `AgAC${randomBytes(16).toString("base64url")}`;
      if (options.localDir) {
        mkdirSync(dirname(join(options.localDir, path)), { recursive: true });
        writeFileSync(join(options.localDir, path), bytes);
      }
      files.set(fileId, { bytes, path, uniqueId: randomBytes(6).toString("hex") });
      return fileId;
    },
    /** While set, every send* answers 429 with this retry_after (seconds). */
    rateLimit(seconds: number | undefined) {
      retryAfter = seconds;
    },
    /** Calls of `method` to `chatId` get no answer until `release` is called (then they go through). */
    hang(method: string, chatId: string): () => void {
      const held: Array<() => void> = [];
      hanging.set(`${method}:${chatId}`, held);
      return () => {
        hanging.delete(`${method}:${chatId}`);
        for (const r of held.splice(0)) r();
      };
    },
    /** The next call of `method` (to `chatId` only, when given) answers this error. */
    /**
     * Calls of `method` to `chatId` are lost on the way: never answered and never carried out (the
     * caller's timeout gives up on them); `release` resets their connections and lets later calls through.
     */
    stall(method: string, chatId: string): () => void {
      const held: Array<() => void> = [];
      stalled.set(`${method}:${chatId}`, held);
      return () => {
        stalled.delete(`${method}:${chatId}`);
        for (const r of held.splice(0)) r();
      };
    },
    failNext(method: string, error: ApiError, chatId?: string) {
      const key = chatId === undefined ? method : `${method}:${chatId}`;
      failures.set(key, [...(failures.get(key) ?? []), error]);
    },
    /** getFile answers 500 until set back to false. */
    setFileOutage(on: boolean) {
      fileOutage = on;
    },
    /** Sends meet an outage until set back to null: connections reset, or a proxy's 502 page. */
    setOutage(mode: "reset" | "http502" | null) {
      outage = mode;
    },
    /**
     * A group upgraded to a supergroup, as Telegram does it: sends to the old id are refused with the
     * new id in parameters.migrate_to_chat_id; with `announce`, the two service messages arrive (the
     * old chat's migrate_to_chat_id, then the new one's migrate_from_chat_id).
     */
    upgradeGroup(
      old: { id: number; title: string },
      newId: number,
      announce: { from: { id: number; is_bot: false; first_name: string } } | undefined,
    ) {
      moved.set(String(old.id), newId);
      if (!announce) return;
      const date = Math.floor(Date.now() / 1000);
      this.pushUpdate({
        message: {
          message_id: nextMessageId++,
          from: announce.from,
          chat: { id: old.id, title: old.title, type: "group" },
          date,
          migrate_to_chat_id: newId,
        },
      } as Omit<Update, "update_id">);
      this.pushUpdate({
        message: {
          message_id: 1,
          from: announce.from,
          chat: { id: newId, title: old.title, type: "supergroup" },
          date,
          migrate_from_chat_id: old.id,
        },
      } as Omit<Update, "update_id">);
    },
    block(chatId: string) {
      blocked.add(chatId);
    },
    /** Updates not yet confirmed by a later offset. */
    unconfirmed: () => queue.length,
    async waitForSent(count: number, timeoutMs = 2000): Promise<SentRecord[]> {
      if (sent.length >= count) return sent.slice(0, count);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${sent.length} of ${count} sent`)), timeoutMs);
        const check = () => {
          if (sent.length < count) return;
          clearTimeout(timer);
          sentListeners = sentListeners.filter((l) => l !== check);
          resolve(sent.slice(0, count));
        };
        sentListeners.push(check);
      });
    },
    async close() {
      wake();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;

function reply(res: ServerResponse, result: unknown) {
  const error = result as ApiError;
  if (error && typeof error === "object" && typeof error.error_code === "number" && "description" in error) {
    res.writeHead(error.error_code, { "content-type": "application/json" });
    return void res.end(JSON.stringify({ ok: false, ...error }));
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, body: Buffer, url: URL) {
  const params: Params = Object.fromEntries(url.searchParams);
  let file: SentRecord["file"];
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json") && body.length > 0)
    Object.assign(params, JSON.parse(body.toString()));
  if (type.startsWith("multipart/form-data")) {
    const form = await new Request("http://fake/", {
      method: "POST",
      headers: { "content-type": type },
      body: new Uint8Array(body),
    }).formData();
    for (const [key, value] of form) {
      if (typeof value === "string") params[key] = value;
      else file = { bytes: Buffer.from(await value.arrayBuffer()), fileName: value.name, mime: value.type };
    }
  }
  return { params, file };
}

import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAibotHttp, shownContent } from "./fake-wecom-aibot-http.js";
import {
  createLostAnswers,
  type LostAnswer,
  parseMultipart,
  readBody,
  sendErr,
  sendJson,
} from "./fake-wecom-http.js";

/**
 * A fake WeCom (qyapi.weixin.qq.com) on 127.0.0.1 speaking the documented protocol
 * (shared/protocols/wecom.md §4, §5.1): gettoken, message/send, appchat/send, media/upload|get,
 * webhook/send|upload_media and the AI bot response_url — with WeCom's error codes, token expiry,
 * robot rate limits, injected errors, an outage switch and a record of every request.
 */
export interface FakeWecomOptions {
  corpId: string;
  secret: string;
  agentId: number;
  /** Known members; a message/send to none of them answers 81013. Omit to accept anyone. */
  users?: string[];
  /** Known app group chats; others answer 40050. Omit to accept any. */
  appchats?: string[];
  /** Valid robot webhook keys. */
  robotKeys?: string[];
  robotPerMinute?: number;
  now?: () => number;
}

export interface Received {
  method: string;
  path: string;
  query: Record<string, string>;
  json?: Record<string, unknown>;
  file?: { fileName?: string; bytes: Buffer; contentType?: string };
  at: number;
}

interface Media {
  bytes: Buffer;
  mime: string;
  fileName: string;
  robotKey?: string;
}

export type Outage = "http500" | "close" | null;

/** media/get names a file MEDIA_ID.<extension of its type> (protocol §4.4). */
const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/pdf": "pdf",
};

export async function startFakeWecom(options: FakeWecomOptions) {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, number>(); // token → expiresAt
  const media = new Map<string, Media>();
  const robotSends = new Map<string, number[]>();
  const injected = new Map<string, number[]>();
  const received: Received[] = [];
  /** What members saw of message/send (duplicates dropped as WeCom drops them). */
  const shown: { touser: string; msgtype: string; content: string; at: number }[] = [];
  let outage: Outage = null;
  /** Outages of one API path only (media/get down, the rest up). */
  const pathOutages = new Map<string, Outage>();
  /** Requests carried out whose answers never arrive (see loseAnswers). */
  const lost = createLostAnswers();
  /** What groups saw of robot webhooks and AI bot response_urls, by robot key or response_url label. */
  const groupShown: { to: string; content: string }[] = [];
  const aibot = createAibotHttp({ now, show: (to, content) => groupShown.push({ to, content }) });
  let seq = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    const entry: Received = { method: req.method ?? "", path: url.pathname, query, at: now() };
    if (req.headers["content-type"]?.startsWith("application/json")) {
      try {
        entry.json = JSON.parse(body.toString("utf8"));
      } catch {
        return sendErr(res, 47001, "data format error");
      }
    }
    const file = parseMultipart(body, req.headers["content-type"]).find((f) => f.field === "media");
    if (file) entry.file = { bytes: file.bytes, fileName: file.fileName, contentType: file.contentType };
    received.push(entry);

    const down = outage ?? pathOutages.get(url.pathname) ?? null;
    if (down === "close") return req.socket.destroy();
    if (down === "http500") return res.writeHead(500).end("<html>502 Bad Gateway</html>");
    // Errors for one group — its robot's key, or the label of its response_url — before the path's.
    const group = query.key ?? aibot.labelOf(query.response_code);
    const queue = [injected.get(`${url.pathname}?key=${group}`), injected.get(url.pathname)].find(
      (q) => q?.length,
    );
    const forced = queue?.shift();
    // 0 in the queue lets that call through: "the second part fails" is [0, 45009].
    if (forced !== undefined && forced !== 0) return sendErr(res, forced, "injected error");
    if (lost.apply(req, res, { path: url.pathname, touser: entry.json?.touser, group })) return;

    const p = url.pathname;
    if (p === "/cgi-bin/gettoken") return gettoken(res, query);
    if (p.startsWith("/cgi-bin/webhook/")) return webhook(res, p, query, entry);
    if (p === "/cgi-bin/aibot/response") return aibot.respond(res, query, entry.json);
    if (p.startsWith("/aibot-media/")) return aibot.media(res, p.slice("/aibot-media/".length));
    const token = query.access_token;
    if (!token) return sendErr(res, 41001, "access_token missing");
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined) return sendErr(res, 40014, "invalid access_token");
    if (expiresAt <= now()) return sendErr(res, 42001, "access_token expired");
    if (p === "/cgi-bin/message/send") return messageSend(res, entry.json ?? {});
    if (p === "/cgi-bin/appchat/send") return appchatSend(res, entry.json ?? {});
    if (p === "/cgi-bin/media/upload") return mediaUpload(res, query, entry);
    if (p === "/cgi-bin/media/get") return mediaGet(res, query);
    return sendErr(res, 40035, "invalid api path"); // not a real code for this, but an error all the same
  }

  function gettoken(res: ServerResponse, q: Record<string, string>) {
    if (q.corpid !== options.corpId) return sendErr(res, 40013, "invalid corpid");
    if (q.corpsecret !== options.secret) return sendErr(res, 40001, "invalid credential");
    const token = `fake-token-${++seq}-${randomBytes(8).toString("hex")}`;
    tokens.set(token, now() + 7200_000);
    sendJson(res, { errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 });
  }

  function checkPayload(res: ServerResponse, json: Record<string, unknown>, limits: Record<string, number>) {
    const msgtype = json.msgtype;
    if (typeof msgtype !== "string" || !(msgtype in limits))
      return sendErr(res, 40008, "invalid message type");
    const payload = json[msgtype] as Record<string, unknown> | undefined;
    if (!payload) return sendErr(res, 40035, "invalid args");
    if (msgtype === "text" || msgtype === "markdown") {
      const content = payload.content;
      if (typeof content !== "string" || content === "") return sendErr(res, 44004, "empty content");
      if (Buffer.byteLength(content) > (limits[msgtype] ?? 0))
        return sendErr(res, 45002, "content size out of limit");
    }
    if ((msgtype === "image" || msgtype === "file") && "media_id" in payload) {
      if (!media.has(String(payload.media_id))) return sendErr(res, 40007, "invalid media_id");
    }
    return true;
  }

  function messageSend(res: ServerResponse, json: Record<string, unknown>) {
    if (json.agentid !== options.agentId) return sendErr(res, 40056, "invalid agentid");
    if (checkPayload(res, json, { text: 2048, markdown: 2048, image: 0, file: 0 }) !== true) return;
    const users = String(json.touser ?? "")
      .split("|")
      .filter(Boolean);
    const invalid = options.users ? users.filter((u) => !options.users?.includes(u)) : [];
    if (users.length === 0 || invalid.length === users.length)
      return sendErr(res, 81013, "user & party & tag all invalid");
    // enable_duplicate_check: the same content to the same member within the interval (default
    // 1800 s, at most 4 h) is accepted but not shown again.
    const msgtype = String(json.msgtype);
    const content = JSON.stringify(json[msgtype]);
    const interval = Math.min(Number(json.duplicate_check_interval ?? 1800), 4 * 3600) * 1000;
    const duplicate =
      json.enable_duplicate_check === 1 &&
      shown.some((d) => d.touser === json.touser && d.content === content && d.at > now() - interval);
    if (!duplicate) shown.push({ touser: String(json.touser), msgtype, content, at: now() });
    sendJson(res, {
      errcode: 0,
      errmsg: "ok",
      invaliduser: invalid.join("|").toLowerCase(),
      msgid: `msg${++seq}`,
    });
  }

  function appchatSend(res: ServerResponse, json: Record<string, unknown>) {
    const chatid = String(json.chatid ?? "");
    if (options.appchats && !options.appchats.includes(chatid))
      return sendErr(res, 40050, "chatid not found");
    if (checkPayload(res, json, { text: 2048, markdown: 2048, image: 0, file: 0 }) !== true) return;
    sendJson(res, { errcode: 0, errmsg: "ok" });
  }

  function storeUpload(res: ServerResponse, q: Record<string, string>, entry: Received, robotKey?: string) {
    const type = q.type ?? "";
    if (!["image", "voice", "video", "file"].includes(type)) return sendErr(res, 40005, "invalid file type");
    if (!entry.file || entry.file.bytes.length === 0) return sendErr(res, 44001, "empty media data");
    if (entry.file.bytes.length <= 5) return sendErr(res, 40006, "invalid file size");
    const id = `fake-media-${++seq}-${randomBytes(12).toString("base64url")}`;
    const mime = entry.file.contentType ?? "application/octet-stream";
    media.set(id, { bytes: entry.file.bytes, mime, fileName: entry.file.fileName ?? id, robotKey });
    sendJson(res, {
      errcode: 0,
      errmsg: "",
      type,
      media_id: id,
      created_at: String(Math.floor(now() / 1000)),
    });
  }

  function mediaUpload(res: ServerResponse, q: Record<string, string>, entry: Received) {
    storeUpload(res, q, entry);
  }

  function mediaGet(res: ServerResponse, q: Record<string, string>) {
    const m = media.get(q.media_id ?? "");
    if (!m || m.robotKey) return sendErr(res, 40007, "invalid media_id");
    res.writeHead(200, {
      "content-type": m.mime,
      "content-disposition": `attachment; filename="${q.media_id}.${EXTENSIONS[m.mime] ?? "jpg"}"`,
      "content-length": m.bytes.length,
    });
    res.end(m.bytes);
  }

  function webhook(res: ServerResponse, p: string, q: Record<string, string>, entry: Received) {
    const key = q.key ?? "";
    if (!options.robotKeys?.includes(key)) return sendErr(res, 93000, "invalid webhook url");
    if (p === "/cgi-bin/webhook/upload_media") {
      if (q.type !== "file" && q.type !== "voice") return sendErr(res, 40005, "invalid file type");
      return storeUpload(res, q, entry, key);
    }
    if (p !== "/cgi-bin/webhook/send") return sendErr(res, 40035, "invalid api path");
    const json = entry.json ?? {};
    const times = (robotSends.get(key) ?? []).filter((t) => t > now() - 60_000);
    robotSends.set(key, times);
    if (times.length >= (options.robotPerMinute ?? 20)) return sendErr(res, 45009, "api freq out of limit");
    if (checkPayload(res, json, { text: 2048, markdown: 4096, image: 0, file: 0 }) !== true) return;
    if (json.msgtype === "image") {
      const image = json.image as { base64?: string; md5?: string };
      const bytes = Buffer.from(image.base64 ?? "", "base64");
      if (createHash("md5").update(bytes).digest("hex") !== image.md5)
        return sendErr(res, 301019, "md5 mismatch");
    }
    if (json.msgtype === "file") {
      const m = media.get(String((json.file as { media_id?: string }).media_id));
      if (m?.robotKey !== key) return sendErr(res, 40007, "invalid media_id");
    }
    times.push(now());
    groupShown.push({ to: key, content: shownContent(json) });
    sendJson(res, { errcode: 0, errmsg: "ok" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    received,
    /** Requests to one API path, in order. */
    calls: (path: string) => received.filter((r) => r.path === path),
    /** Makes every issued token expired (WeCom answers 42001 until a new gettoken). */
    expireTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    /** The next requests to `path` answer these errcodes, one each. */
    /** message/send as the members saw it: one entry per message shown. */
    shown: () => shown.slice(),
    injectErrors: (path: string, codes: number[]) =>
      injected.set(path, [...(injected.get(path) ?? []), ...codes]),
    /**
     * Requests to `path` (to one member, if given) are carried out but their answers are lost, the
     * next `times` of them (default: until the returned release is called, which also sends the held
     * answers to whoever still listens).
     */
    loseAnswers: (path: string, how: LostAnswer, o: { touser?: string; key?: string; times?: number } = {}) =>
      lost.add(path, how, o),
    setOutage: (mode: Outage) => {
      outage = mode;
    },
    /** One path meets an outage (until set back to null), the others answer. */
    setPathOutage: (path: string, mode: Outage) => {
      if (mode) pathOutages.set(path, mode);
      else pathOutages.delete(path);
    },
    /** Puts a photo into the media store, as if a member had sent it; returns its media_id. */
    addMedia: (bytes: Buffer, mime = "image/jpeg") => {
      const id = `fake-media-${++seq}`;
      media.set(id, { bytes, mime, fileName: `${id}.jpg` });
      return id;
    },
    /** Robot webhook sends and response_url replies accepted, in order: `to` is the key or the url's label. */
    groupShown: () => groupShown.slice(),
    /** A single-use AI bot response_url (what it shows is labelled `label` in groupShown). */
    responseUrl: (label?: string) => aibot.responseUrl(baseUrl, label),
    /** An AI bot media URL: the file AES-256-CBC encrypted with the callback key (IV = key[0:16]). */
    addAibotMedia: (bytes: Buffer, encodingAesKey: string) => aibot.addMedia(baseUrl, bytes, encodingAesKey),
    /** The next `n` AI bot media downloads answer 503. */
    failAibotMedia: (n: number) => aibot.failMedia(n),
    close: () =>
      new Promise<void>((resolve) => {
        lost.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeWecom = Awaited<ReturnType<typeof startFakeWecom>>;

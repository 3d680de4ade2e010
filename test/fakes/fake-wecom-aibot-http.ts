import { createCipheriv, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { sendErr, sendJson } from "./fake-wecom-http.js";

/** What a member sees of a message body: its text, or its type for media. */
export function shownContent(json: Record<string, unknown>): string {
  const msgtype = String(json.msgtype);
  const body = json[msgtype] as { content?: string } | undefined;
  return typeof body?.content === "string" ? body.content : msgtype;
}

/**
 * The AI bot's side of the fake WeCom over HTTP (protocol §5.1, §5.2): single-use response_urls (a
 * reply through one is shown to its group, under the label the test gave it) and the 5-minute
 * encrypted media URLs of callbacks, with injectable 503s.
 */
export function createAibotHttp(o: { now: () => number; show: (to: string, content: string) => void }) {
  const responseCodes = new Map<string, boolean>(); // code → used
  const responseLabels = new Map<string, string>(); // code → label
  const files = new Map<string, { bytes: Buffer; until: number }>();
  let mediaFailures = 0;
  let seq = 0;

  return {
    /** The label of a response_url's code (a group), for faults aimed at one group. */
    labelOf: (code: string | undefined) => responseLabels.get(code ?? ""),
    /** POST /cgi-bin/aibot/response?response_code=… */
    respond(res: ServerResponse, q: Record<string, string>, json: Record<string, unknown> | undefined) {
      const code = q.response_code ?? "";
      if (!responseCodes.has(code) || responseCodes.get(code))
        return sendErr(res, 40035, "invalid response_code");
      responseCodes.set(code, true);
      const msgtype = json?.msgtype;
      if (msgtype !== "markdown" && msgtype !== "template_card" && msgtype !== "stream") {
        return sendErr(res, 40008, "invalid message type");
      }
      o.show(responseLabels.get(code) ?? code, shownContent(json ?? {}));
      sendJson(res, { errcode: 0, errmsg: "ok" });
    },
    /** GET /aibot-media/<id> */
    media(res: ServerResponse, id: string) {
      const file = files.get(id);
      if (mediaFailures > 0) {
        mediaFailures--;
        return res.writeHead(503).end("busy");
      }
      // The URL in a callback works for 5 minutes (protocol §5.2).
      return file && file.until > o.now()
        ? res.writeHead(200, { "content-type": "application/octet-stream" }).end(file.bytes)
        : res.writeHead(404).end();
    },
    responseUrl(baseUrl: string, label?: string) {
      const code = `rc${++seq}${randomBytes(6).toString("hex")}`;
      responseCodes.set(code, false);
      if (label) responseLabels.set(code, label);
      return `${baseUrl}/cgi-bin/aibot/response?response_code=${code}`;
    },
    /** The file AES-256-CBC encrypted with the callback key (IV = key[0:16]). */
    addMedia(baseUrl: string, bytes: Buffer, encodingAesKey: string) {
      const key = Buffer.from(`${encodingAesKey}=`, "base64");
      const n = 32 - (bytes.length % 32);
      const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
      const enc = Buffer.concat([cipher.update(Buffer.concat([bytes, Buffer.alloc(n, n)])), cipher.final()]);
      const id = `f${++seq}`;
      files.set(id, { bytes: enc, until: o.now() + 5 * 60_000 });
      return `${baseUrl}/aibot-media/${id}`;
    },
    failMedia(n: number) {
      mediaFailures = n;
    },
  };
}

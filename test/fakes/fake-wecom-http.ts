import type { IncomingMessage, ServerResponse } from "node:http";

/** Small HTTP helpers for the fake WeCom: bodies, multipart and WeCom-style error answers. */

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Errors come with HTTP 200 and an errmsg carrying WeCom's hint suffix, so clients must branch on errcode. */
export function sendErr(res: ServerResponse, errcode: number, text: string): void {
  const errmsg = `${text}, hint: [fake${Date.now()}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
  sendJson(res, { errcode, errmsg });
}

export function sendJson(res: ServerResponse, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { "content-type": "application/json; charset=UTF-8", "content-length": data.length });
  res.end(data);
}

export interface MultipartFile {
  field: string;
  fileName?: string;
  fileLength?: number;
  contentType?: string;
  bytes: Buffer;
}

/** Parses multipart/form-data well enough for one or a few file parts. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartFile[] {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType ?? "")?.[2];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const files: MultipartFile[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after delimiter and before next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
      const field = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? "";
      const fileName = /filename="([^"]*)"/i.exec(disposition)?.[1];
      const length = /filelength=(\d+)/i.exec(disposition)?.[1];
      const type = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1];
      files.push({
        field,
        bytes: Buffer.from(part.subarray(headerEnd + 4)),
        ...(fileName !== undefined ? { fileName } : {}),
        ...(length ? { fileLength: Number(length) } : {}),
        ...(type ? { contentType: type } : {}),
      });
    }
    start = next;
  }
  return files;
}

/**
 * How an answer is lost: WeCom carried the request out, then the connection was reset (`reset`) or no
 * answer came until long after the client gave up (`hold`); or the request never reached WeCom at all
 * (`unheard`: not carried out, no answer).
 */
export type LostAnswer = "reset" | "hold" | "unheard";

/** Rules for requests whose answers are lost (see FakeWecom.loseAnswers). */
export function createLostAnswers() {
  const rules: { path: string; how: LostAnswer; touser?: string; key?: string; times: number }[] = [];
  const held: (() => void)[] = [];
  return {
    add(path: string, how: LostAnswer, o: { touser?: string; key?: string; times?: number }) {
      const rule = { path, how, touser: o.touser, key: o.key, times: o.times ?? Number.POSITIVE_INFINITY };
      rules.push(rule);
      return () => {
        rule.times = 0;
        for (const send of held.splice(0)) send();
      };
    },
    /**
     * Applies a matching rule to this request: true when it is unheard (the caller stops there); else
     * it goes on and `res` loses its answer, if a rule says so. `group` is a robot key or a label.
     */
    apply(req: IncomingMessage, res: ServerResponse, w: { path: string; touser?: unknown; group?: string }) {
      const rule = rules.find(
        (l) =>
          l.path === w.path &&
          l.times > 0 &&
          (!l.touser || w.touser === l.touser) &&
          (!l.key || w.group === l.key),
      );
      if (!rule) return false;
      rule.times--;
      if (rule.how === "unheard") {
        held.push(() => res.destroy());
        return true;
      }
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        if (rule.how === "reset") req.socket.destroy();
        else held.push(() => end(...args));
        return res;
      }) as typeof res.end;
      return false;
    },
    /** Forgets held answers (the server is closing). */
    clear: () => void held.splice(0),
  };
}

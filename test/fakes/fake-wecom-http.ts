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

/** How an answer is lost after WeCom carried the request out: the connection reset, or no answer at all. */
export type LostAnswer = "reset" | "hold";

/**
 * Makes `res` lose its answer: the request is carried out as usual, then the connection is reset
 * (`reset`) or the answer held in `held` until released, long after the client gave up (`hold`).
 */
export function loseAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  how: LostAnswer,
  held: (() => void)[],
): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (how === "reset") req.socket.destroy();
    else held.push(() => end(...args));
    return res;
  }) as typeof res.end;
}

import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";

export type Json = Record<string, unknown>;

export interface HttpOptions {
  fetch?: typeof fetch;
  /** Per request; WeCom answers in well under a second when it is healthy. */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * One HTTP exchange with WeCom. Connection errors, timeouts and HTTP 5xx become
 * PlatformRequestError (retryable). The URL is never put into an error: it carries the access_token
 * or the robot key.
 */
export async function requestRaw(url: string, init: RequestInit, options: HttpOptions): Promise<RawResponse> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let body: Buffer;
  try {
    response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new PlatformRequestError(`企业微信请求失败（${pathOf(url)}）：${describe(error)}`, {
      cause: error,
    });
  }
  if (response.status >= 500) {
    throw new PlatformRequestError(`企业微信服务器错误（${pathOf(url)}）：HTTP ${response.status}`);
  }
  if (response.status >= 400) {
    throw new PlatformRefusedError(
      `企业微信拒绝了请求（${pathOf(url)}）：HTTP ${response.status}`,
      `http_${response.status}`,
    );
  }
  return { status: response.status, headers: response.headers, body };
}

/** A JSON exchange; throws PlatformRefusedError when errcode ≠ 0. */
export async function requestJson(url: string, init: RequestInit, options: HttpOptions): Promise<Json> {
  const raw = await requestRaw(url, init, options);
  const json = parseJson(raw.body, url);
  assertOk(json, url);
  return json;
}

function parseJson(body: Buffer, url: string): Json {
  const json = tryParseJson(body);
  if (json) return json;
  throw new PlatformRequestError(`企业微信返回了无法解析的应答（${pathOf(url)}）`);
}

export function tryParseJson(body: Buffer): Json | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Json;
  } catch {
    // not JSON
  }
  return undefined;
}

/** Branches on errcode, never on errmsg (its text changes and carries hints). */
export function assertOk(json: Json, url: string): void {
  const code = typeof json.errcode === "number" ? json.errcode : 0;
  if (code === 0) return;
  const errmsg = typeof json.errmsg === "string" ? json.errmsg.slice(0, 120) : "";
  throw new PlatformRefusedError(
    `企业微信拒绝了请求（${pathOf(url)}）：errcode ${code} ${errmsg}`.trim(),
    code,
  );
}

/** The path only: the query holds the access_token or the robot key. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "?";
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if (cause && typeof cause.code === "string") return cause.code;
    if (error.name === "TimeoutError") return "超时";
    return error.name;
  }
  return "未知错误";
}

export function jsonPost(body: unknown): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(body),
  };
}

import { createHash } from "node:crypto";
import { type HttpOptions, requestJson } from "./http.js";

/** Refresh this long before WeCom says the token expires. */
const MARGIN_MS = 5 * 60_000;

interface Entry {
  token: string;
  expiresAt: number;
}

export interface TokenCacheOptions extends HttpOptions {
  baseUrl: string;
  now?: () => number;
}

/**
 * access_tokens cached per app (corpid + secret), fetched once for concurrent callers. WeCom rate
 * limits gettoken, so a token is refetched only when it is near expiry or WeCom rejected it.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(private readonly options: TokenCacheOptions) {}

  async get(corpId: string, secret: string): Promise<string> {
    const key = cacheKey(corpId, secret);
    const now = (this.options.now ?? Date.now)();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.token;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.fetchToken(corpId, secret).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return (await pending).token;
  }

  /** Drops the token if it is still the cached one (a concurrent caller may have refreshed it). */
  invalidate(corpId: string, secret: string, token: string): void {
    const key = cacheKey(corpId, secret);
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }

  private async fetchToken(corpId: string, secret: string): Promise<Entry> {
    const url = new URL("/cgi-bin/gettoken", this.options.baseUrl);
    url.searchParams.set("corpid", corpId);
    url.searchParams.set("corpsecret", secret);
    const json = await requestJson(url.toString(), { method: "GET" }, this.options);
    const token = typeof json.access_token === "string" ? json.access_token : "";
    const expiresIn = typeof json.expires_in === "number" ? json.expires_in : 7200;
    const now = (this.options.now ?? Date.now)();
    const entry = { token, expiresAt: now + Math.max(expiresIn * 1000 - MARGIN_MS, 0) };
    this.entries.set(cacheKey(corpId, secret), entry);
    return entry;
  }
}

function cacheKey(corpId: string, secret: string): string {
  return `${corpId}:${createHash("sha256").update(secret).digest("hex")}`;
}

import { randomBytes } from "node:crypto";
import { encrypt, getSignature } from "@wecom/crypto";

/**
 * WeCom's side of the callback (protocol §1.2–1.4, §5.1): encrypts with the official `@wecom/crypto`
 * (an implementation independent of ours), signs, percent-encodes the query and POSTs like WeCom:
 * up to 3 tries, each dropped after a timeout (5 s in production; short in tests), the same body
 * each time. 200 is an acknowledgement; anything else is retried.
 */
export interface CallbackSenderOptions {
  /** The callback URL as configured in the admin console, e.g. http://127.0.0.1:port/wecom/callback */
  url: string;
  token: string;
  encodingAesKey: string;
  /** corpid for a self-built app, "" for the AI bot. */
  receiveId: string;
  timeoutMs?: number;
  tries?: number;
}

export interface Attempt {
  status?: number;
  error?: string;
  body?: string;
  ms: number;
}

export interface Delivery {
  acked: boolean;
  attempts: Attempt[];
}

export function createCallbackSender(options: CallbackSenderOptions) {
  const tries = options.tries ?? 3;
  const timeoutMs = options.timeoutMs ?? 5000;

  function signedQuery(encrypted: string, extra: Record<string, string> = {}) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE());
    const msg_signature = getSignature(options.token, timestamp, nonce, encrypted);
    // URLSearchParams percent-encodes + / = as WeCom does (%2B %2F %3D).
    return new URLSearchParams({ msg_signature, timestamp, nonce, ...extra }).toString();
  }

  async function attempt(url: string, init: RequestInit): Promise<Attempt> {
    const started = performance.now();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const body = await res.text();
      return { status: res.status, body, ms: performance.now() - started };
    } catch (error) {
      return { error: error instanceof Error ? error.name : String(error), ms: performance.now() - started };
    }
  }

  async function deliver(query: string, body: string, contentType: string): Promise<Delivery> {
    const attempts: Attempt[] = [];
    for (let i = 0; i < tries; i++) {
      const a = await attempt(`${options.url}?${query}`, {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      });
      attempts.push(a);
      if (a.status === 200) return { acked: true, attempts };
    }
    return { acked: false, attempts };
  }

  return {
    /** Encrypts `plain` as WeCom would (random 16 ASCII, length, message, receiveid). */
    encrypt: (plain: string) => encrypt(options.encodingAesKey, plain, options.receiveId, asciiRandom()),

    /** GET URL verification; returns the answer (the plaintext echo is expected as the body). */
    async verifyUrl(echo = "1288432023552776189"): Promise<Attempt> {
      const echostr = encrypt(options.encodingAesKey, echo, options.receiveId, asciiRandom());
      return attempt(`${options.url}?${signedQuery(echostr, { echostr })}`, { method: "GET" });
    },

    /** A self-built app message: plaintext XML in, the <xml><Encrypt> envelope on the wire. */
    async postAppXml(plainXml: string, agentId = "1000002"): Promise<Delivery> {
      const enc = encrypt(options.encodingAesKey, plainXml, options.receiveId, asciiRandom());
      const body = `<xml><ToUserName><![CDATA[${options.receiveId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[${agentId}]]></AgentID></xml>`;
      return deliver(signedQuery(enc), body, "text/xml");
    },

    /** An AI bot callback: JSON in, `{"encrypt": …}` on the wire. */
    async postAibotJson(payload: unknown): Promise<Delivery> {
      const enc = encrypt(options.encodingAesKey, JSON.stringify(payload), options.receiveId, asciiRandom());
      return deliver(signedQuery(enc), JSON.stringify({ encrypt: enc }), "application/json");
    },

    /** Sends a raw request with a given query and body once (for forged or malformed requests). */
    raw: (query: string, body: string, method = "POST") =>
      attempt(`${options.url}?${query}`, method === "GET" ? { method } : { method, body }),
    signedQuery,
  };
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function asciiRandom(): Buffer {
  return Buffer.from(Array.from(randomBytes(16), (b) => LETTERS.charCodeAt(b % LETTERS.length)));
}

export type CallbackSender = ReturnType<typeof createCallbackSender>;

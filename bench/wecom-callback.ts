import { randomBytes } from "node:crypto";
import {
  Agent,
  createServer,
  type IncomingMessage,
  type RequestListener,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import type { InboundMessage } from "../base/message.js";
import { createWecomCallbackHandler } from "../bot/platforms/wecom/callback-server.js";
import { createWecomCrypto } from "../bot/platforms/wecom/crypto.js";
import { percentile } from "./stats.js";

export interface BenchWecomCallbackOptions {
  /** The core's store step (what the callback awaits before answering 200). */
  onMessage: (message: InboundMessage) => Promise<void>;
  /** Messages measured per run (default 2000); max(200, count/10) warm-up messages go first. */
  count?: number;
  /** Target arrival rate, messages per second (default 500). */
  ratePerSecond?: number;
  /** The i-th message's text and sender (default: a query from one of 50 users). */
  text?: (i: number) => string;
  from?: (i: number) => string;
}

export interface BenchWecomCallbackResult {
  /** Messages acknowledged per second over the callback run. */
  messagesPerSecond: number;
  /** 99th percentile latency of an encrypted text callback, ms. */
  p99Ms: number;
  /** 99th percentile of the same POSTs to a bare node:http server answering 200, ms. */
  bareP99Ms: number;
  ratio: number;
  failures: number;
}

const CORP = "wwbench000000000001";
const TOKEN = "benchToken";
const AES_KEY = randomBytes(32).toString("base64").slice(0, 43).replace(/[+/]/g, "A");

/**
 * Posts `count` encrypted, signed WeCom text callbacks over loopback HTTP at a target rate to the
 * real callback handler (with the given onMessage), then the same requests to a bare server, and
 * compares the latency. Encryption happens before the clock starts: WeCom pays for it, not us.
 *
 * @example
 *   const r = await benchWecomCallback({ onMessage: (m) => pipeline.receive(m), count: 2000 });
 */
export async function benchWecomCallback(
  options: BenchWecomCallbackOptions,
): Promise<BenchWecomCallbackResult> {
  const count = options.count ?? 2000;
  const rate = options.ratePerSecond ?? 500;
  const crypto = createWecomCrypto({ token: TOKEN, encodingAesKey: AES_KEY, receiveId: CORP });
  const runId = randomBytes(4).readUInt32BE();
  const warm = Math.max(200, Math.floor(count / 10));
  const all = Array.from({ length: count + warm }, (_, i) => {
    const msgId = `${runId}${String(i).padStart(8, "0")}`;
    const xml = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[${options.from?.(i) ?? `bench${i % 50}`}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${options.text?.(i) ?? `查询 古荥镇 ${i}`}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
    const enc = crypto.encrypt(xml);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(100000 + i);
    const query = new URLSearchParams({
      msg_signature: crypto.signature(timestamp, nonce, enc),
      timestamp,
      nonce,
    });
    return {
      query: query.toString(),
      body: `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
    };
  });

  const handler = createWecomCallbackHandler({
    app: { path: "/wecom/callback", crypto },
    fetchMedia: async () => {
      throw new Error("no media in this bench");
    },
    onMessage: options.onMessage,
    logger: pino({ level: "silent" }),
  });
  // Warm-up messages have their own MsgIds, so the measured ones are all new to the core.
  const warmup = all.slice(0, warm);
  const requests = all.slice(warm);
  // The bare server first: afterwards the core is still working off what the callback stored.
  const bare = await runAgainst(
    (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on("end", () => res.writeHead(200).end());
    },
    warmup,
    requests,
    rate,
  );
  const callback = await runAgainst((req, res) => void handler(req, res), warmup, requests, rate);
  const p99Ms = percentile(callback.latencies, 99);
  const bareP99Ms = percentile(bare.latencies, 99);
  return {
    messagesPerSecond: (count - callback.failures) / (callback.elapsedMs / 1000),
    p99Ms,
    bareP99Ms,
    ratio: bareP99Ms > 0 ? p99Ms / bareP99Ms : Number.POSITIVE_INFINITY,
    failures: callback.failures,
  };
}

interface Req {
  query: string;
  body: string;
}

async function runAgainst(listener: RequestListener, warmup: Req[], requests: Req[], rate: number) {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  // node:http with a keep-alive pool: fetch (undici) costs more per request than the server under test.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (r: Req) =>
    new Promise<number>((resolve, reject) => {
      const body = Buffer.from(r.body);
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: `/wecom/callback?${r.query}`,
          method: "POST",
          agent,
          headers: { "content-type": "text/xml", "content-length": body.length },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  await paced(warmup, rate, post);
  const run = await paced(requests, rate, post);
  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return run;
}

/** Sends at `rate` per second without waiting for answers (an open-loop load, like WeCom's). */
async function paced(requests: Req[], rate: number, post: (r: Req) => Promise<number>) {
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (const [i, r] of requests.entries()) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    inFlight.push(
      post(r).then(
        (status) => {
          if (status !== 200) failures++;
          latencies.push(performance.now() - t0);
        },
        () => {
          failures++;
          latencies.push(performance.now() - t0);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failures, elapsedMs: performance.now() - started };
}

import { request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCallbackSender } from "./fakes/fake-wecom-callback.js";
import { startFakeAibotWs } from "./fakes/fake-wecom-ws.js";
import { TEST_APP } from "./fakes/wecom-test-apps.js";
import { type ChildServers, startChildServers, TELEGRAM_SECRET } from "./helpers/child-servers.js";

// Issue 13, "one unsigned request kills the bot": the inbound servers run in a child process (one per
// block below), so a request that ends the process shows as an exit code here instead of taking the
// test runner down, and one block's crash does not decide the next block's result.
let child: ChildServers;
let ws: Awaited<ReturnType<typeof startFakeAibotWs>>;

function runChild() {
  beforeAll(async () => {
    ws = await startFakeAibotWs({ botId: "aibCHILD", secret: "child-ws-secret" });
    child = await startChildServers({ HUANBAO_TEST_AIBOT_WS: ws.url });
    for (let i = 0; i < 200 && !ws.connected; i++) await new Promise((r) => setTimeout(r, 25));
  }, 60_000);
  afterAll(async () => {
    await child?.stop();
    await ws?.close();
  });
}

/** One POST over a fresh connection: the status, or the error the client saw. */
function post(
  port: number,
  path: string,
  body: Buffer,
  options: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent: false,
        headers: {
          ...(options.chunked ? { "transfer-encoding": "chunked" } : { "content-length": body.length }),
          ...options.headers,
        },
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode });
      },
    );
    req.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    if (options.chunked) {
      // Several chunks, as a streaming client would send them.
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

const unsigned = "?msg_signature=x&timestamp=1&nonce=1";
const app = () =>
  createCallbackSender({
    url: `http://127.0.0.1:${child.ports.wecom}${TEST_APP.path}`,
    token: TEST_APP.token,
    encodingAesKey: TEST_APP.aesKey,
    receiveId: TEST_APP.corpId,
    tries: 1,
  });
const textXml = (content: string, msgId: string) =>
  `<xml><ToUserName><![CDATA[${TEST_APP.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1476422779</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

/** Waits (up to 2 s) for the child's log to show `text`: its stderr arrives through a pipe. */
async function logShows(text: string) {
  for (let i = 0; i < 100 && !child.log().includes(text); i++) await new Promise((r) => setTimeout(r, 20));
  return child.log();
}

/** The process is alive and still stores a good message: a signed WeCom text goes through. */
async function stillServes(msgId: string) {
  await new Promise((r) => setTimeout(r, 100));
  expect(child.exited()).toBeUndefined();
  const delivery = await app().postAppXml(textXml("进度", msgId));
  expect(delivery.attempts[0]?.status).toBe(200);
  expect(child.stored).toContain(`wecom:${msgId}`);
}

describe("the WeCom callback server", () => {
  runChild();
  test.each([
    ["/wecom/callback", false],
    ["/wecom/callback", true],
    ["/wecom/aibot", false],
    ["/wecom/aibot", true],
  ])("an unsigned 1.1 MB body to %s (chunked: %s) gets 413 and the bot stays up", async (path, chunked) => {
    const answer = await post(child.ports.wecom, `${path}${unsigned}`, Buffer.alloc(1_100_000, "A"), {
      chunked,
    });
    expect(answer.status).toBe(413);
    await stillServes(`big-${path.length}-${chunked}`);
  });

  test("a signed text of 800 KB gets 413 and the bot stays up", async () => {
    const delivery = await app().postAppXml(textXml("字".repeat(270_000), "m-800k"));
    expect(delivery.attempts[0]?.status).toBe(413);
    await stillServes("after-800k");
  });

  test("a client that drops the connection mid-body does not end the process", async () => {
    const socket = connect(child.ports.wecom, "127.0.0.1");
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    socket.write(
      `POST /wecom/callback${unsigned} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${"A".repeat(5000)}`,
    );
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await stillServes("after-abort");
  });
});

describe("the Telegram webhook", () => {
  runChild();
  const hook = (body: Buffer, chunked = false) =>
    post(child.ports.telegram, "/telegram/webhook", body, {
      chunked,
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM_SECRET },
    });

  test("a 2 MB body gets 413", async () => {
    expect((await hook(Buffer.alloc(2 * 1024 * 1024, " "))).status).toBe(413);
    expect((await hook(Buffer.alloc(2 * 1024 * 1024, " "), true)).status).toBe(413);
    await stillServes("after-tg-2mb");
  });

  test.each([
    ["null", "body is not an update object"],
    ["[]", "body is not an update object"],
    ['{"message":{}}', "update without update_id"],
    ["{", "body is not JSON"],
  ])("the body %s gets 400 and a log line, not 500", async (body, reason) => {
    expect((await hook(Buffer.from(body))).status).toBe(400);
    expect(await logShows(reason)).toContain(reason);
    await stillServes(`after-tg-${body.length}-${reason.length}`);
  });

  test("an update the mapper cannot read is logged and acknowledged, not redelivered forever", async () => {
    expect((await hook(Buffer.from('{"update_id":77,"message":{"text":"x"}}'))).status).toBe(200);
    expect(await logShows("telegram update not understood")).toContain("telegram update not understood");
  });
});

describe("the AI bot long connection", () => {
  runChild();
  test("frames that are null, [], {}, numbers or not JSON are survived; the next message is stored", async () => {
    for (const frame of [
      "null",
      "[]",
      "{}",
      "42",
      '"x"',
      "not json",
      '{"cmd":"aibot_msg_callback","body":null}',
    ])
      ws.pushRaw(frame);
    ws.push({
      msgid: "ws-after-null",
      aibotid: "aibCHILD",
      chattype: "single",
      from: { userid: "lisi" },
      msgtype: "text",
      text: { content: "进度" },
    });
    for (let i = 0; i < 100 && !child.stored.includes("wecom:ws-after-null"); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(child.exited()).toBeUndefined();
    expect(child.stored).toContain("wecom:ws-after-null");
  });
});

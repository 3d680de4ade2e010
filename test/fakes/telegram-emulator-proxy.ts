import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * In front of telegram-test-api (an npm Bot API emulator nobody here wrote), the two things it lacks and
 * our polling relies on: getUpdates `offset` (the emulator hands each update out once, so a confirming
 * call would swallow newer ones) and long polling (it answers at once, empty or not). Updates it hands
 * out are kept here until a later offset confirms them; an empty answer is held up to `timeout` seconds.
 * Every other call goes to the emulator unchanged (what it does not know, it refuses itself).
 */
export async function startEmulatorProxy(upstream: string) {
  type Update = { update_id: number };
  const buffered: Update[] = [];
  let closing = false;

  async function forward(req: IncomingMessage, body: Buffer, url: URL) {
    const response = await fetch(new URL(url.pathname + url.search, upstream), {
      method: req.method ?? "POST",
      headers: { "content-type": String(req.headers["content-type"] ?? "application/json") },
      ...(req.method === "GET" || body.length === 0 ? {} : { body: new Uint8Array(body) }),
    });
    return { status: response.status, text: await response.text() };
  }

  async function getUpdates(req: IncomingMessage, body: Buffer, url: URL): Promise<unknown> {
    const params = {
      ...Object.fromEntries(url.searchParams),
      ...(body.length ? JSON.parse(body.toString()) : {}),
    };
    const offset = Number(params.offset ?? 0);
    const limit = Number(params.limit ?? 100);
    const deadline = Date.now() + Math.min(Number(params.timeout ?? 0), 50) * 1000;
    for (;;) {
      while (buffered.length > 0 && (buffered[0]?.update_id ?? 0) < offset) buffered.shift();
      const fetched = JSON.parse((await forward(req, Buffer.from("{}"), url)).text) as { result?: Update[] };
      buffered.push(...(fetched.result ?? []));
      const ready = buffered.filter((u) => u.update_id >= offset).slice(0, limit);
      if (ready.length > 0 || Date.now() >= deadline || closing || req.socket.destroyed)
        return { ok: true, result: ready };
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://proxy");
    try {
      if (/^\/bot[^/]+\/getUpdates$/.test(url.pathname)) {
        const answer = await getUpdates(req, body, url);
        if (!res.destroyed)
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
        return;
      }
      const { status, text } = await forward(req, body, url);
      res.writeHead(status, { "content-type": "application/json" }).end(text);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      closing = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

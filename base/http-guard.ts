import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/** A request refused with an HTTP status (4xx): answered with that status and a log line, no more. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
    this.name = "HttpError";
  }
}

/** The two log levels the guard writes (a pino logger fits). */
export interface GuardLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length above it, or a body (chunked
 * or not) that grows past it, throws HttpError(413) at once, without reading the rest; a client that
 * aborts mid-body throws HttpError(400). The socket stays usable for the answer: the guard below
 * answers 413 and closes the connection.
 *
 * @example
 *   const body = await readBody(req, 1024 * 1024);
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new HttpError(413, `body of ${declared} bytes declared, over ${maxBytes}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (error) {
        // Stop reading: the rest of an oversize or broken body is never buffered.
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return done(new HttpError(413, `body over ${maxBytes} bytes`));
      chunks.push(chunk);
    };
    const onEnd = () => done();
    const onError = (error: Error) => done(new HttpError(400, `body not received: ${error.message}`));
    const onAborted = () => done(new HttpError(400, "client aborted the body"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/**
 * Wraps a node:http handler so that nothing a request does can end the process: whatever the
 * handler throws or rejects with is logged and answered (HttpError → its status, anything else →
 * 500), errors on the request and response streams are caught, and an answer already under way is
 * cut instead. Every HTTP server of the bot (WeCom callbacks, the Telegram webhook, the board) puts
 * its handler behind this one guard.
 *
 * @example
 *   http.createServer(guardHandler("wecom callback", logger, async (req, res) => { … }))
 */
export function guardHandler(
  name: string,
  log: GuardLog,
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
): RequestListener {
  return (req, res) => {
    // An 'error' event without a listener would throw: a reset socket must only be logged.
    req.on("error", () => {});
    res.on("error", (error) => safeLog(() => log.warn({ err: error.message }, `${name}: answer not sent`)));
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(handler(req, res));
    } catch (error) {
      running = Promise.reject(error);
    }
    running.catch((error: unknown) => answerFailure(name, log, req, res, error));
  };
}

function answerFailure(
  name: string,
  log: GuardLog,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
) {
  const status = error instanceof HttpError ? error.status : 500;
  const fields = {
    path: safePath(req.url),
    method: req.method,
    status,
    ip: req.socket?.remoteAddress,
  };
  safeLog(() =>
    error instanceof HttpError
      ? log.warn({ ...fields, reason: error.message }, `${name} refused`)
      : log.error({ ...fields, err: error }, `${name} failed`),
  );
  try {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    // A body left unread (too large, broken) must not be taken for the next request on this socket.
    const unread = !req.complete;
    res.writeHead(status, unread ? { connection: "close" } : {});
    res.end();
    if (unread) req.resume();
  } catch {
    res.destroy();
  }
}

function safeLog(write: () => void) {
  try {
    write();
  } catch {
    // Logging never takes a request (or the process) down.
  }
}

/** The path only: a query may carry a signature or a token. */
function safePath(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://local").pathname;
  } catch {
    return "?";
  }
}

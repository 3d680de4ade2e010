import type { Worker } from "node:worker_threads";
import { startWorker } from "../../base/worker-thread.js";
import type { DossierInput } from "./dossier-pdf.js";

export interface PdfRequest {
  id: number;
  input: DossierInput;
}
export type PdfReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

/** An idle thread is ended after this long; the next dossier starts another (fonts parsed again). */
const IDLE_MS = 30_000;
const HEAP_MB = 1024;

interface Waiter {
  resolve: (pdf: Buffer) => void;
  reject: (e: Error) => void;
}
interface Thread {
  worker: Worker;
  waiting: Map<number, Waiter>;
  idle?: NodeJS.Timeout;
}

let current: Thread | undefined;
let nextId = 1;

function thread(): Thread {
  if (current) return current;
  const worker = startWorker(new URL("./dossier-pdf-worker", import.meta.url), import.meta.url, {
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
  });
  const t: Thread = { worker, waiting: new Map() };
  // Does not keep the process alive (a command-line export, a stopping bot).
  worker.unref();
  worker.on("message", (m: PdfReply) => {
    const waiter = t.waiting.get(m.id);
    t.waiting.delete(m.id);
    if ("pdf" in m) waiter?.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
    else waiter?.reject(new Error(`dossier PDF failed in its thread: ${m.error}`));
    if (t.waiting.size > 0) return;
    t.idle = setTimeout(() => {
      if (current === t) current = undefined;
      void worker.terminate();
    }, IDLE_MS).unref();
  });
  // A thread that fails (or runs out of memory) fails what it was asked; the next dossier starts another.
  const fail = (error: Error) => {
    if (current === t) current = undefined;
    for (const waiter of t.waiting.values()) waiter.reject(error);
    t.waiting.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`dossier PDF thread ended (${code})`)));
  current = t;
  return t;
}

/**
 * buildDossierPdf in a worker thread: pdfkit lays out the pages and fontkit subsets two 10 MB CJK
 * fonts for every PDF — a few hundred milliseconds of CPU each, seconds for the first (the fonts are
 * parsed) — while the main thread goes on answering chats. The same function makes the same file;
 * one thread per process, dossiers one after another.
 * @example const pdf = await renderDossierPdf(await dossierInput(repos, enterprise));
 */
export function renderDossierPdf(input: DossierInput): Promise<Buffer> {
  const t = thread();
  clearTimeout(t.idle);
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    t.waiting.set(id, { resolve, reject });
    const request: PdfRequest = { id, input };
    t.worker.postMessage(request);
  });
}

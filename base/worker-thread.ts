import { extname } from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts a worker thread on `entry`, a module beside the caller named without its extension
 * (`new URL("./ledger-parse-worker", import.meta.url)`). The caller's own extension decides how: from
 * the compiled bot (.js) the entry's .js starts directly; from the source (.ts, run through tsx or the
 * tests) base/worker-boot.mjs registers tsx in the thread first. One call works in both.
 * @example const w = startWorker(new URL("./parse-worker", import.meta.url), import.meta.url, { workerData });
 */
export function startWorker(entry: URL, callerUrl: string, options: WorkerOptions = {}): Worker {
  const ext = extname(new URL(callerUrl).pathname);
  const file = new URL(`${entry.href}${ext}`);
  if (ext === ".js") return new Worker(file, options);
  const data = { entry: file.href, data: options.workerData };
  return new Worker(new URL("./worker-boot.mjs", import.meta.url), { ...options, workerData: data });
}

/** In the worker: what the starter passed as workerData (unwrapped from the boot's envelope). */
export function workerInput<T>(raw: unknown, selfUrl: string): T {
  return (extname(new URL(selfUrl).pathname) === ".js" ? raw : (raw as { data: T }).data) as T;
}

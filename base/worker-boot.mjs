// A worker thread running the bot's TypeScript source (npm start, tests): tsx's loader is registered
// in this thread first, then the entry (workerData.entry) is imported. The compiled bot (dist/) starts
// its .js entries directly and never loads this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);

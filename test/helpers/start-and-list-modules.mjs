/**
 * Run as its own process (test/prod-start.test.ts, test/prod-build.test.ts): starts the bot from the
 * entry file given as its argument (main.ts through tsx, or the compiled dist/main.js with plain node),
 * waits until /healthz answers 200 on OPS_PORT, then prints which packages the start loaded from
 * node_modules (CommonJS modules Node's loader keeps in require.cache, whether imported or required)
 * and ends. Plain JavaScript, so the compiled bot runs without tsx.
 */
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const port = process.env.OPS_PORT;
const entry = process.argv[2];
if (!entry) throw new Error("usage: node start-and-list-modules.mjs <entry file>");
await import(pathToFileURL(resolve(entry)).href);
for (let i = 0; ; i++) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    await res.arrayBuffer();
    if (res.status === 200) break;
  } catch {
    // not listening yet
  }
  if (i > 3000) throw new Error("the bot did not get ready");
  await new Promise((r) => setTimeout(r, 20));
}
const packages = new Set();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (m?.[1]) packages.add(m[1]);
}
console.log(`LOADED ${JSON.stringify([...packages].sort())}`);
process.exit(0);

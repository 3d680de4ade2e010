/**
 * Run as its own process (test/prod-start.test.ts): starts the bot as main.ts does, waits until
 * /healthz answers 200 on OPS_PORT, then prints which packages the start loaded (CommonJS modules
 * Node's loader keeps in require.cache, whether imported or required) and ends.
 */
import { createRequire } from "node:module";

const port = process.env.OPS_PORT;
await import("../../main.js");
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
const packages = new Set<string>();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (m?.[1]) packages.add(m[1]);
}
console.log(`LOADED ${JSON.stringify([...packages].sort())}`);
process.exit(0);

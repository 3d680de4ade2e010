import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The browser's files, all from this install: the board's own script and styles, and ECharts and
 * Leaflet from node_modules (npm ships them; nothing is fetched from a CDN at run time).
 */
const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const echartsDir = dirname(require.resolve("echarts/package.json"));
const leafletDir = dirname(require.resolve("leaflet/package.json"));

const FILES: Record<string, [string, string]> = {
  "board.js": [join(here, "assets", "board.js"), "text/javascript; charset=utf-8"],
  "board.css": [join(here, "assets", "board.css"), "text/css; charset=utf-8"],
  "echarts.min.js": [join(echartsDir, "dist", "echarts.min.js"), "text/javascript; charset=utf-8"],
  "leaflet/leaflet.js": [join(leafletDir, "dist", "leaflet.js"), "text/javascript; charset=utf-8"],
  "leaflet/leaflet.css": [join(leafletDir, "dist", "leaflet.css"), "text/css; charset=utf-8"],
};

const cache = new Map<string, { body: Buffer; type: string }>();

/** An asset by its name under /assets/, or undefined; read once, kept in memory. */
export function asset(name: string): { body: Buffer; type: string } | undefined {
  const known = FILES[name];
  if (!known) return undefined;
  let hit = cache.get(name);
  if (!hit) {
    hit = { body: readFileSync(known[0]), type: known[1] };
    cache.set(name, hit);
  }
  return hit;
}

#!/usr/bin/env node
// The house's floors, checked: an import only ever points to the same or a lower floor, a platform never
// reaches storage, and no file imports itself back through others. Run by .ci/run; `node .ci/check-layers.mjs`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** Floors from the ground up (STYLE.md). The first matching prefix decides a file's floor. */
const FLOORS = [
  ["domain/", 0],
  ["base/", 1],
  ["storage/", 2],
  ["reports/", 3],
  ["scheduler/", 4],
  ["commands/", 5],
  ["bot/", 6],
  ["board/", 6],
  ["app/", 7],
  ["main.ts", 7],
];
/** Tests and benchmarks stand outside the house: they may import anything. */
const OUTSIDE = ["test/", "bench/", "node_modules/", ".ci/", "vitest.config.ts"];
/** Rooms with a rule of their own: [from prefix, forbidden prefix, why]. */
const WALLS = [
  ["bot/platforms/", "storage/", "a platform never imports storage"],
  ["bot/platforms/", "commands/", "a platform never imports a command"],
  ["commands/", "bot/platforms/", "a command never imports a platform"],
  ["domain/", "base/", "domain/ is pure: it imports nothing from the others"],
];

function floorOf(file) {
  for (const [prefix, floor] of FLOORS) if (file === prefix || file.startsWith(prefix)) return floor;
  return undefined;
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(root, path);
    if (name.startsWith(".") || OUTSIDE.some((o) => rel === o.replace(/\/$/, "") || rel.startsWith(o)))
      continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file) {
  const text = readFileSync(join(root, file), "utf8");
  const found = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec?.startsWith(".")) continue;
    const target = relative(root, resolve(dirname(join(root, file)), spec)).replace(/\.js$/, ".ts");
    found.push(target);
  }
  return found;
}

const files = walk(root);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const problems = [];
for (const [file, targets] of graph) {
  const from = floorOf(file);
  if (from === undefined) {
    problems.push(`${file}: not in any room of the house (add its folder to .ci/check-layers.mjs)`);
    continue;
  }
  for (const target of targets) {
    const to = floorOf(target);
    if (to !== undefined && to > from) problems.push(`${file} imports ${target}: a higher floor`);
    for (const [a, b, why] of WALLS) {
      if (file.startsWith(a) && target.startsWith(b)) problems.push(`${file} imports ${target}: ${why}`);
    }
  }
}

// Circular imports: a depth-first search that reports each cycle once.
const state = new Map();
const stack = [];
function visit(file) {
  state.set(file, "open");
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === "open") {
      problems.push(`circular import: ${[...stack.slice(stack.indexOf(next)), next].join(" → ")}`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, "done");
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length) {
  console.error(`The house's floors (STYLE.md) are broken in ${problems.length} place(s):`);
  for (const p of problems) console.error(`- ${p}`);
  process.exit(1);
}
console.log(`layers: ${files.length} files, every import points to its own floor or below, no cycles`);

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import * as fontkit from "fontkit";
import { describe, expect, test } from "vitest";
import { CJK_FONT_BOLD, CJK_FONT_FAMILY, CJK_FONT_REGULAR } from "../reports/chart/cjk-font.js";

// A production install (npm ci --omit=dev) carries what the bot runs on and nothing else: no compiler,
// no test tools, no 92 MB font package. The two fonts it draws with are in the repository and still have
// a real glyph for every character the bot writes. (.ci/prod-smoke.sh installs and starts it for real.)

const root = join(import.meta.dirname, "..");

describe("lean install", () => {
  test("the production dependency tree has no TypeScript, tsx, test tool or font package", () => {
    const tree = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
      cwd: root,
      encoding: "utf8",
    });
    const names = new Set(
      tree
        .split("\n")
        .filter((l) => l.includes("node_modules"))
        .map((l) => l.slice(l.lastIndexOf("node_modules/") + "node_modules/".length)),
    );
    expect(names.size).toBeGreaterThan(20);
    const dev = [
      "typescript",
      "tsx",
      "esbuild",
      "@expo-google-fonts/noto-sans-sc",
      "vitest",
      "vite",
      "@biomejs/biome",
      "subset-font",
      "pdfjs-dist",
    ];
    expect(dev.filter((n) => names.has(n))).toEqual([]);
    expect(names.has("better-sqlite3") && names.has("prom-client")).toBe(true);
  });

  test("the fonts ship in the repository, Noto Sans SC, far smaller than the package they came from", () => {
    for (const file of [CJK_FONT_REGULAR, CJK_FONT_BOLD]) {
      expect(relative(root, file)).toMatch(/^reports\/chart\/fonts\/[^/]+\.ttf$/);
      expect((fontkit.openSync(file) as fontkit.Font).familyName).toBe(CJK_FONT_FAMILY);
    }
    const bytes = statSync(CJK_FONT_REGULAR).size + statSync(CJK_FONT_BOLD).size;
    expect(bytes).toBeLessThan(20 * 1024 * 1024);
  });

  test("every character the bot writes has a real glyph in both fonts, and so do rare name characters", () => {
    let text = "垚堃鑫犇淼焱喆昇";
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts")) text += readFileSync(path, "utf8");
      }
    };
    for (const dir of ["domain", "commands", "reports", "scheduler", "storage", "bot"]) walk(join(root, dir));
    // Chinese, fullwidth punctuation and the symbols of forms: what a chart or a dossier draws.
    const chars = [...new Set(text)].filter((c) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef①-⑳℃№]/u.test(c));
    expect(chars.length).toBeGreaterThan(400);
    // And every Chinese character of GB2312, whatever a user may type into a name or a note.
    const gb = new TextDecoder("gb18030");
    for (let hi = 0xb0; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const c = gb.decode(Uint8Array.of(hi, lo));
        if (/\p{Script=Han}/u.test(c)) chars.push(c);
      }
    }
    expect(chars.length).toBeGreaterThan(400 + 6700);
    for (const file of [CJK_FONT_REGULAR, CJK_FONT_BOLD]) {
      const font = fontkit.openSync(file) as fontkit.Font;
      const missing = chars.filter((c) => font.glyphForCodePoint(c.codePointAt(0)!).id === 0);
      expect(missing, file).toEqual([]);
    }
  });
});

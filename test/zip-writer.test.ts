import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { createZipWriter } from "../reports/dossier/zip-writer.js";

describe("zip writer", () => {
  test("a slow reader holds the writer back: a file is taken only once the ones before it are out", async () => {
    const chunks: Buffer[] = [];
    let release: (() => void) | undefined;
    // A sink that takes one chunk and then waits until the test lets it go on.
    const sink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        release = done;
      },
    });
    const zip = createZipWriter(sink);
    const files = [randomBytes(1 << 20), randomBytes(1 << 20), randomBytes(1 << 20)];
    let added = 0;
    const adding = (async () => {
      for (const [i, bytes] of files.entries()) {
        await zip.add(`f${i}.bin`, bytes, { mtime: new Date("2017-08-29T00:00:00Z"), compress: false });
        added++;
      }
    })();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    // The sink has read nothing past its first chunk: the writer has not run ahead through the files.
    expect(added).toBeLessThanOrEqual(1);
    const drain = setInterval(() => {
      const go = release;
      release = undefined;
      go?.();
    }, 0);
    await adding;
    await zip.end();
    clearInterval(drain);
    const zipped = await JSZip.loadAsync(Buffer.concat(chunks));
    for (const [i, bytes] of files.entries()) {
      expect((await zipped.file(`f${i}.bin`)!.async("nodebuffer")).equals(bytes)).toBe(true);
    }
  });
});

describe("zip writer memory", () => {
  test("a file added is not kept until the archive ends (40 × 1 MB hold less than 8 MB)", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const script = new URL("./fixtures/scripts/zip-retention.ts", import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--expose-gc",
      "--import",
      "tsx",
      script,
    ]);
    const { heldMb } = JSON.parse(stdout.trim()) as { heldMb: number };
    expect(heldMb).toBeLessThan(8);
  });
});

import { once } from "node:events";
import { type PassThrough, Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

/**
 * A .zip written to a stream one file at a time, holding at most the file being added. yazl writes
 * into its output without waiting for it to drain, and a buffer given to it stays referenced by its
 * entry until the archive ends; so each file is handed over as a stream that lets go of its bytes once
 * read, and `add` resolves only when the zip has started writing it and its output has drained — a
 * caller building the next file meanwhile holds one file in memory, not all of them.
 *
 * @example
 *   const zip = createZipWriter(createWriteStream("全区.zip"));
 *   await zip.add("a/附件1.xlsx", xlsx, { mtime });
 *   await zip.end();
 */
export function createZipWriter(out: Writable) {
  const zip = new yazl.ZipFile();
  // yazl's output is a PassThrough (typed as a plain readable): its writable side says when it drained.
  const output = zip.outputStream as unknown as PassThrough;
  const piping = pipeline(output, out);
  let failed: unknown;
  piping.catch((error: unknown) => {
    failed = error;
  });
  return {
    /** Adds one file; `compress: false` for what is compressed already (PDF, PNG, XLSX). */
    async add(path: string, bytes: Buffer, options: { mtime: Date; compress?: boolean }): Promise<void> {
      if (failed) throw failed;
      let held: Buffer | null = bytes;
      const started = new Promise<void>((resolve) => {
        zip.addReadStreamLazy(
          path,
          { mtime: options.mtime, compress: options.compress ?? true, size: bytes.length },
          (done) => {
            const b = held!;
            held = null;
            resolve();
            done(null, Readable.from([b]));
          },
        );
      });
      await started;
      if (output.writableNeedDrain) await once(output, "drain");
      if (failed) throw failed;
    },
    /** Writes the central directory and waits until the output has it all. */
    async end(): Promise<void> {
      zip.end();
      await piping;
    },
  };
}

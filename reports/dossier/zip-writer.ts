import { once } from "node:events";
import { type PassThrough, Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

/**
 * The stream yazl asks for when it gets to a file: it takes the bytes out of `held`, so the entry,
 * which keeps this function until the archive ends, keeps no bytes. (Made out here, not in `add`: a
 * closure there would share `add`'s scope, and with it the buffer, for as long as the entry lives.)
 */
function streamOnce(held: { bytes: Buffer | null }, started: () => void) {
  return (done: (err: Error | null, stream: Readable) => void) => {
    const bytes = held.bytes ?? Buffer.alloc(0);
    held.bytes = null;
    started();
    done(null, Readable.from([bytes]));
  };
}

/**
 * A .zip written to a stream one file at a time, holding at most the file being added. yazl writes
 * into its output without waiting for it to drain, and a buffer given to it stays referenced by its
 * entry until the archive ends; so each file is handed over as a stream made when yazl gets to it, the
 * entry keeping no bytes, and `add` resolves only when the zip has started writing it and its output has drained — a
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
      const size = bytes.length;
      const held = { bytes: bytes as Buffer | null };
      await new Promise<void>((started) => {
        zip.addReadStreamLazy(
          path,
          { mtime: options.mtime, compress: options.compress ?? true, size },
          streamOnce(held, started),
        );
      });
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

import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";
import type { FetchedMedia } from "../../../base/message.js";
import type { TelegramFileToFetch } from "./inbound-mapper.js";
import { redactToken } from "./telegram-errors.js";

/**
 * Fetches a file a message carries: getFile, then the download. No answer or a 5xx is a
 * PlatformRequestError (worth trying again); a refusal (file gone, too big) a PlatformRefusedError.
 */
export function createDownloader(o: {
  api: <T>(method: string, payload: Record<string, unknown>) => Promise<T>;
  token: string;
  apiRoot: string | undefined;
  timeoutMs: number;
}) {
  async function download(file: TelegramFileToFetch): Promise<Buffer> {
    const info = await o.api<{ file_path?: string }>("getFile", { file_id: file.fileId });
    const path = info.file_path;
    if (!path) throw new PlatformRefusedError("Telegram 没有给出文件路径", "no_file_path");
    // A local telegram-bot-api in --local mode answers with the file's absolute path on its disk.
    if (isAbsolute(path)) {
      try {
        return await readFile(path);
      } catch (error) {
        throw new PlatformRequestError("Telegram 本地文件读取失败", { cause: error });
      }
    }
    const link = new URL(`./file/bot${o.token}/${path}`, o.apiRoot ?? "https://api.telegram.org");
    let response: Response;
    try {
      response = await fetch(link, { signal: AbortSignal.timeout(o.timeoutMs) });
    } catch (error) {
      throw new PlatformRequestError("Telegram 文件下载失败（无应答）", { cause: redactToken(error) });
    }
    if (response.status >= 500)
      throw new PlatformRequestError(`Telegram 文件下载失败（HTTP ${response.status}）`);
    if (!response.ok) throw new PlatformRefusedError("Telegram 文件下载被拒绝", response.status);
    return Buffer.from(await response.arrayBuffer());
  }

  /** The file as the core takes it: bytes with the name and type the message gave. */
  return async function fetchFile(file: TelegramFileToFetch): Promise<FetchedMedia> {
    const bytes = await download(file);
    return {
      bytes,
      ...(file.fileName ? { fileName: file.fileName } : {}),
      ...(file.mime ? { mime: file.mime } : {}),
    };
  };
}

/**
 * How long the bot keeps trying a photo whose download failed. Telegram's file ids do not expire
 * (getFile gives a fresh link each time), so this is the bot's own limit: as long as WeCom's media
 * ids last, after which a sender told "send it again" still remembers the photo.
 */
export const TELEGRAM_MEDIA_KEEP_MS = 3 * 24 * 3_600_000;

/** A file to fetch, written down for a later try (PendingMedia.ref) and read back. */
export const telegramMediaRef = {
  write: (file: TelegramFileToFetch): string => JSON.stringify(file),
  read(ref: string): TelegramFileToFetch {
    const file = JSON.parse(ref) as Partial<TelegramFileToFetch>;
    if (typeof file?.fileId !== "string")
      throw new PlatformRefusedError("Telegram 文件引用无法读取", "bad_ref");
    return file as TelegramFileToFetch;
  },
};

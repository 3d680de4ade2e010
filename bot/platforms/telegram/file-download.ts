import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";
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
  return async function download(file: TelegramFileToFetch): Promise<Buffer> {
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
  };
}

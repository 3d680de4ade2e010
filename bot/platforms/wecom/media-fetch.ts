import { PlatformRefusedError, PlatformRequestError } from "../../../base/errors.js";
import type { FetchedMedia, InboundMessage } from "../../../base/message.js";
import type { DownloadedMedia } from "./api-client.js";
import { decryptMediaFile, type WecomCrypto } from "./crypto.js";

/**
 * Where a photo or file of a WeCom message is fetched from, written down with the message when the
 * first try fails (PendingMedia.ref), so any instance can try again after a restart:
 * - app: the self-built app's media id (media/get), valid 3 days;
 * - aibot: the AI bot HTTP callback's URL, encrypted with the callback key, valid 5 minutes;
 * - ws: the long connection's URL with its own aeskey, valid 5 minutes (protocol §5.2).
 */
export type WecomMediaRef =
  | { via: "app"; mediaId: string }
  | { via: "aibot"; url: string }
  | { via: "ws"; url: string; aesKey?: string };

/** How long each reference works after the message arrived. */
export const WECOM_MEDIA_VALID_MS: Record<WecomMediaRef["via"], number> = {
  app: 3 * 24 * 3_600_000,
  aibot: 5 * 60_000,
  ws: 5 * 60_000,
};

export const wecomMediaRef = {
  write: (ref: WecomMediaRef): string => JSON.stringify(ref),
  read(text: string): WecomMediaRef {
    const ref = JSON.parse(text) as Partial<Record<string, unknown>>;
    const ok =
      (ref?.via === "app" && typeof ref.mediaId === "string") ||
      ((ref?.via === "aibot" || ref?.via === "ws") && typeof ref.url === "string");
    if (!ok) throw new PlatformRefusedError("企业微信文件引用无法读取", "bad_ref");
    return ref as WecomMediaRef;
  },
};

export interface WecomMediaFetchOptions {
  /** The self-built app's media/get (absent when no app is configured). */
  getMedia?: (mediaId: string) => Promise<DownloadedMedia>;
  /** The AI bot callback's crypto (its key decrypts files in HTTP mode). */
  aibotCrypto?: WecomCrypto;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Fetches a WeCom message's photo or file: at once when it arrives, and again from storage when that
 * failed. No answer or a 5xx is a PlatformRequestError (tried again while the reference works); a
 * refusal (media id unknown, URL gone: 4xx) a PlatformRefusedError, and the sender is told.
 */
export function createWecomMediaFetch(o: WecomMediaFetchOptions) {
  async function download(url: string): Promise<Buffer> {
    let response: Response;
    try {
      response = await (o.fetch ?? fetch)(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
    } catch (error) {
      throw new PlatformRequestError("企业微信智能机器人文件下载失败（无应答）", { cause: error });
    }
    if (response.status >= 500)
      throw new PlatformRequestError(`企业微信智能机器人文件下载失败（HTTP ${response.status}）`);
    if (!response.ok) throw new PlatformRefusedError("企业微信智能机器人文件已失效", response.status);
    return Buffer.from(await response.arrayBuffer());
  }

  return async function fetchMedia(ref: WecomMediaRef): Promise<FetchedMedia> {
    if (ref.via === "app") {
      if (!o.getMedia) throw new PlatformRefusedError("未配置企业微信自建应用", "no_app");
      const media = await o.getMedia(ref.mediaId);
      return {
        bytes: media.bytes,
        ...(media.fileName ? { fileName: media.fileName } : {}),
        ...(media.mime ? { mime: media.mime } : {}),
      };
    }
    const data = await download(ref.url);
    if (ref.via === "ws") return { bytes: ref.aesKey ? decryptMediaFile(data, ref.aesKey) : data };
    if (!o.aibotCrypto) throw new PlatformRefusedError("未配置企业微信智能机器人回调", "no_aibot");
    return { bytes: o.aibotCrypto.decryptFile(data) };
  };
}

export type WecomMediaFetch = ReturnType<typeof createWecomMediaFetch>;

/**
 * The message with its file, or — the first try failed — with the reference kept to try again
 * (pendingMedia), or — refused for good — the event that tells its sender it did not arrive.
 */
export async function withWecomMedia(
  message: InboundMessage,
  ref: WecomMediaRef,
  fetchMedia: WecomMediaFetch,
  onFailure: (error: unknown, kept: boolean) => void,
): Promise<InboundMessage> {
  try {
    return { ...message, media: await fetchMedia(ref) };
  } catch (error) {
    if (error instanceof PlatformRefusedError && !error.retryable) {
      onFailure(error, false);
      return { ...message, kind: "event", event: "media_unavailable" };
    }
    onFailure(error, true);
    const expiresAt = new Date(message.receivedAt.getTime() + WECOM_MEDIA_VALID_MS[ref.via]);
    return { ...message, pendingMedia: { ref: wecomMediaRef.write(ref), expiresAt } };
  }
}

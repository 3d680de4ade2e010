import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * WeCom callback crypto (WXBizMsgCrypt): AES-256-CBC with IV = key[0:16] and PKCS#7 padding to
 * 32-byte blocks; plaintext = random(16) + length(4, big-endian) + message + receiveid.
 * Node's own padding assumes 16-byte blocks, so padding is done here by hand.
 *
 * @example
 *   const c = createWecomCrypto({ token, encodingAesKey, receiveId: corpId });
 *   if (!c.verify(signature, timestamp, nonce, encrypt)) throw …;
 *   const xml = c.decrypt(encrypt);
 */
export class WecomCryptoError extends Error {
  /** The official library's code: -40001 signature, -40004 AES key, -40005 receiveid, -40007 decrypt. */
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = "WecomCryptoError";
  }
}

const BLOCK = 32;

export interface WecomCryptoOptions {
  token: string;
  /** 43 characters from the admin console. */
  encodingAesKey: string;
  /** corpid for a self-built app; "" for the AI bot and group-robot callbacks. */
  receiveId: string;
}

export interface WecomCrypto {
  signature(timestamp: string, nonce: string, encrypt: string): string;
  verify(signature: string, timestamp: string, nonce: string, encrypt: string): boolean;
  /** Decrypts and checks the receiveid; throws WecomCryptoError. */
  decrypt(encrypt: string): string;
  /** `random` (16 bytes) pins the output for test vectors. */
  encrypt(message: string, random?: Buffer): string;
  /** Decrypts a downloaded media file (AI bot): the same cipher, no length framing. */
  decryptFile(data: Buffer): Buffer;
}

/** sha1 over the lexicographically sorted, concatenated four strings, lowercase hex. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

export function decodeAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new WecomCryptoError("EncodingAESKey must be 43 letters or digits", -40004);
  }
  return Buffer.from(`${encodingAesKey}=`, "base64");
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) throw new WecomCryptoError("bad padding", -40007);
  return data.subarray(0, data.length - n);
}

function aesDecrypt(key: Buffer, data: Buffer): Buffer {
  if (data.length === 0 || data.length % 16 !== 0)
    throw new WecomCryptoError("bad ciphertext length", -40007);
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return unpad(Buffer.concat([decipher.update(data), decipher.final()]));
}

export function createWecomCrypto(options: WecomCryptoOptions): WecomCrypto {
  const key = decodeAesKey(options.encodingAesKey);
  const { token, receiveId } = options;

  const signature = (timestamp: string, nonce: string, encrypt: string) =>
    wecomSignature(token, timestamp, nonce, encrypt);

  return {
    signature,
    verify(given, timestamp, nonce, encrypt) {
      const expected = Buffer.from(signature(timestamp, nonce, encrypt));
      const actual = Buffer.from(given.toLowerCase());
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    decrypt(encrypt) {
      const plain = aesDecrypt(key, Buffer.from(encrypt, "base64"));
      if (plain.length < 20) throw new WecomCryptoError("plaintext too short", -40008);
      const length = plain.readUInt32BE(16);
      if (20 + length > plain.length) throw new WecomCryptoError("bad message length", -40008);
      const id = plain.subarray(20 + length).toString("utf8");
      if (id !== receiveId) throw new WecomCryptoError("receiveid does not match", -40005);
      return plain.subarray(20, 20 + length).toString("utf8");
    },
    encrypt(message, random = randomAscii16()) {
      if (random.length !== 16) throw new WecomCryptoError("random must be 16 bytes", -40006);
      const body = Buffer.from(message, "utf8");
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length);
      const plain = pad(Buffer.concat([random, length, body, Buffer.from(receiveId, "utf8")]));
      const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
    },
    decryptFile(data) {
      return aesDecrypt(key, data);
    },
  };
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The official libraries use 16 ASCII alphanumerics as the random prefix. */
function randomAscii16(): Buffer {
  const bytes = randomBytes(16);
  return Buffer.from(Array.from(bytes, (b) => LETTERS.charCodeAt(b % LETTERS.length)));
}

/** Decrypts an AI bot media file with its own key (long-connection mode gives one per URL). */
export function decryptMediaFile(data: Buffer, base64Key: string): Buffer {
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new WecomCryptoError("media aeskey must decode to 32 bytes", -40004);
  return aesDecrypt(key, data);
}

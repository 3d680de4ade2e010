import { describe, expect, test } from "vitest";
import {
  createWecomCrypto,
  decodeAesKey,
  WecomCryptoError,
  wecomSignature,
} from "../bot/platforms/wecom/crypto.js";

// Official vectors from shared/protocols/wecom.md §2 (sets A, B: Tencent samples; D: derived, empty receiveid).
const SET_A = {
  token: "QDG6eK",
  encodingAesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  receiveId: "wx5823bf96d3bd56c7",
};
const SET_B = {
  token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  encodingAesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
  receiveId: "ww1436e0e65a779aee",
};
const SET_D = {
  token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  encodingAesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
  receiveId: "",
};

const vectors = [
  {
    name: "A1 VerifyURL",
    set: SET_A,
    signature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    timestamp: "1409659589",
    nonce: "263014780",
    encrypt: "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
    plain: "1616140317555161061",
    random: "c41b64491c2468d0",
  },
  {
    name: "A2 DecryptMsg XML",
    set: SET_A,
    signature: "477715d11cdb4164915debcba66cb864d751f3e6",
    timestamp: "1409659813",
    nonce: "1372623149",
    encrypt:
      "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==",
    plain:
      "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>",
    random: "0960688932c47ef1",
  },
  {
    name: "A3 JSON (Go)",
    set: SET_A,
    signature: "0623cbc5a8cbee5bcc137c70de99575366fc2af3",
    timestamp: "1409659813",
    nonce: "1372623149",
    encrypt:
      "CZWs4CWRpI4VolQlvn4dlEC1alN2MUEY2VklGehgBVLBrlVF7SyT+SV+Toj43l4ayJ9UMGKphktKKmP7B2j/P1ey67XB8PBgS7Wr5/8+w/yWriZv3Vmoo/MH3/1HsIWZrPQ3N2mJrelStIfI2Y8kLKXA7EhfZgZX4o+ffdkZDM76SEl79Ib9mw7TGjZ9Aw/x/A2VjNbV1E8BtEbRxYYcQippYNw7hr8sFfa3nW1xLdxokt8QkRX83vK3DFP2F6TQFPL2Tu98UwhcUpPvdJBuu1/yiOQIScppV3eOuLWEsko=",
    plain:
      '{"ToUserName":"wx5823bf96d3bd56c7","FromUserName":"mycreate","CreateTime": 1409659813,"MsgType":"text","Content":"hello","MsgId":4561255354251345929,"AgentID": 218}',
    random: "EDH75AiKExevY8L3",
  },
  {
    name: "A4 JSON (PHP)",
    set: SET_A,
    signature: "1f3153b7abd0ba99b4ab2e57fac2376110d03a3c",
    timestamp: "1409659813",
    nonce: "1372623149",
    encrypt:
      "pvXgeha3nZ7UQ2DG3WD3IVsNJR38QVl1+h+wmLQHIAwEG3Jey2aTZtvAWzhEZ9JEKGwIUMBWX3JlUhfo7O7WbvI10vHIsdSNr1nr3LuOwAfnwLJAMQNDxi5tHUl08Op59jxOL73r8+g60KOxMTaFwXzlr9Yxgq5ey5nzNb/2vDjjvDZNXkJVmL/XWnv6PXrVbTpNxphqWRv2BpPYqvwRMkHgdFliatljMVlkkRHS40FOHmtBhj/4RXtIexfDx8opBXwi0L9RTlYNQzGx+FA+74xVHG7Le/pmNDwc2Ri5mbw=",
    plain:
      '{ "ToUserName": "wx5823bf96d3bd56c7", "FromUserName": :mycreate", "CreateTime": 1409659813, "MsgType": "text", "Content": "hello", "MsgId": 4561255354251345929, "AgentID": 218}',
    random: "WSaxmGcGQ0R23jRP",
  },
  {
    name: "B1 VerifyURL",
    set: SET_B,
    signature: "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb",
    timestamp: "1476416373",
    nonce: "47744683",
    encrypt: "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
    plain: "1288432023552776189",
    random: "8908d0ff052afda0",
  },
  {
    name: "B2 DecryptMsg XML",
    set: SET_B,
    signature: "0c3914025cb4b4d68103f6bfc8db550f79dcf48e",
    timestamp: "1476422779",
    nonce: "1597212914",
    encrypt:
      "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+",
    plain:
      "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>",
    random: "694ce5a83ae07fe3",
  },
  {
    name: "B3 JSON",
    set: SET_B,
    signature: "e3647471e395139e2308c1fa963f2d648a00b90e",
    timestamp: "1409659813",
    nonce: "1372623149",
    encrypt:
      "cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=",
    plain:
      '{ "ToUserName": "wx5823bf96d3bd56c7", "FromUserName": :mycreate", "CreateTime": 1409659813, "MsgType": "text", "Content": "hello", "MsgId": 4561255354251345929, "AgentID": 218}',
    random: "dDVXRx6kn1gOT43Q",
  },
  {
    name: "D AI bot (empty receiveid)",
    set: SET_D,
    signature: "a78cf3acbe3f9330649b7b149f8977823a709bb0",
    timestamp: "1700000000",
    nonce: "1234567890",
    encrypt:
      "scEag1243Fmy/fYz4Ux8D95+nPsz/kjfcB8R51TYc7V5dizS+SJ3qtc0IKyneIN305NA/MRyO3fQGSk0h5WMSht4BJtDxJ/qTJ/1kfJDLzxdrnpkcmgPlWNhrPUXMRGmVDHI/SFGy9Q8GU0olvHf2jkcOcoe+UN8Qbk1RDLyt/S/mAH9SbRgeC2D0U/+fUTIyKHE0scEZBd9r9EvnB4gBSwO1C5spS0Ycxw6viyUcFdW2KaCEwiFbmj7+TuR7pOkh8KTJI6LlP+gFR+T55z81jeKP7PG6xCH0kq73f9UHeGOoh8sGeeloG12ssecrQgtoepF32JWKnBAbmn75Im6dkM1q2KIpuuQQ0AsU1UgLf6/Zl5RE2eSu4INb+p13L99",
    plain:
      '{"msgid":"MSGID1","aibotid":"AIBOTID","chatid":"CHATID","chattype":"group","from":{"userid":"zhangsan"},"response_url":"https://qyapi.weixin.qq.com/cgi-bin/aibot/response?response_code=RC","msgtype":"text","text":{"content":"@RobotA hello"}}',
    random: "0123456789abcdef",
  },
];
const A1_WIRE_QUERY =
  "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";

describe("WeCom callback crypto — official vectors", () => {
  test.each(vectors)("$name: signature", (v) => {
    expect(wecomSignature(v.set.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
    expect(createWecomCrypto(v.set).verify(v.signature, v.timestamp, v.nonce, v.encrypt)).toBe(true);
  });

  test.each(vectors)("$name: decrypt", (v) => {
    expect(createWecomCrypto(v.set).decrypt(v.encrypt)).toBe(v.plain);
  });

  test.each(vectors)("$name: encrypt with the pinned random reproduces the ciphertext", (v) => {
    expect(createWecomCrypto(v.set).encrypt(v.plain, Buffer.from(v.random, "ascii"))).toBe(v.encrypt);
  });

  test("the A1 echostr survives percent-decoding of the wire query", () => {
    const q = new URLSearchParams(A1_WIRE_QUERY);
    const crypto = createWecomCrypto(SET_A);
    const echostr = q.get("echostr") ?? "";
    expect(
      crypto.verify(q.get("msg_signature") ?? "", q.get("timestamp") ?? "", q.get("nonce") ?? "", echostr),
    ).toBe(true);
    expect(crypto.decrypt(echostr)).toBe("1616140317555161061");
  });
});

describe("WeCom callback crypto — refusals", () => {
  const b2 = vectors.find((v) => v.name.startsWith("B2"))!;

  test("a wrong receiveid is refused with -40005", () => {
    const other = createWecomCrypto({ ...SET_B, receiveId: "wwsomebodyelse" });
    expect(() => other.decrypt(b2.encrypt)).toThrow(expect.objectContaining({ code: -40005 }));
  });

  test("the AI bot (empty receiveid) refuses an app message addressed to a corpid", () => {
    expect(() => createWecomCrypto(SET_D).decrypt(b2.encrypt)).toThrow(WecomCryptoError);
  });

  test("a tampered signature does not verify", () => {
    const c = createWecomCrypto(SET_B);
    const forged = b2.signature.replace(/^./, (ch) => (ch === "0" ? "1" : "0"));
    expect(c.verify(forged, b2.timestamp, b2.nonce, b2.encrypt)).toBe(false);
    expect(c.verify(b2.signature, b2.timestamp, "1", b2.encrypt)).toBe(false);
    expect(c.verify("", b2.timestamp, b2.nonce, b2.encrypt)).toBe(false);
  });

  test("garbage ciphertext throws instead of returning garbage", () => {
    const c = createWecomCrypto(SET_B);
    expect(() => c.decrypt("bm90IGEgY2lwaGVydGV4dA==")).toThrow(WecomCryptoError);
    expect(() => c.decrypt("")).toThrow(WecomCryptoError);
  });

  test("an EncodingAESKey that is not 43 characters is refused", () => {
    expect(() => decodeAesKey("short")).toThrow(expect.objectContaining({ code: -40004 }));
    expect(decodeAesKey(SET_B.encodingAesKey)).toHaveLength(32);
  });

  test("a message of exactly 32-byte multiple gets a full pad block and round-trips", () => {
    const c = createWecomCrypto(SET_D);
    // 16 random + 4 length + 12 message + 0 receiveid = 32 bytes → 64 bytes on the wire.
    const enc = c.encrypt("abcdefghijkl", Buffer.from("0123456789abcdef"));
    expect(Buffer.from(enc, "base64")).toHaveLength(64);
    expect(c.decrypt(enc)).toBe("abcdefghijkl");
    expect(c.decrypt(c.encrypt("中文 ✓ 你好"))).toBe("中文 ✓ 你好");
  });
});

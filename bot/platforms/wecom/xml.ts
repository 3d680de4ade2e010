import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A flat-ish view of a WeCom XML document: element name → text, or a nested record. */
export interface XmlRecord {
  [name: string]: string | XmlRecord | Array<string | XmlRecord>;
}

export class WecomXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WecomXmlError";
  }
}

const CDATA = "__cdata";

// Entity processing stays OFF: a DOCTYPE could declare entities (billion laughs, XXE). The five
// predefined XML entities and numeric references are decoded below by hand, outside CDATA only.
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  cdataPropName: CDATA,
});

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return safeCodePoint(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith("#")) return safeCodePoint(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return NAMED[ref] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function normalize(value: unknown): string | XmlRecord | Array<string | XmlRecord> {
  if (typeof value === "string") return decodeEntities(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => normalize(v) as string | XmlRecord);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length > 0 && keys.every((k) => k === CDATA || k === "#text")) {
      // Text and CDATA mixed in one element: join them, decoding only the non-CDATA part.
      const text = typeof record["#text"] === "string" ? decodeEntities(record["#text"]) : "";
      const cdata = [record[CDATA]].flat().map(String).join("");
      return text + cdata;
    }
    const out: XmlRecord = {};
    for (const k of keys) out[k] = normalize(record[k]);
    return out;
  }
  return "";
}

/**
 * Parses one WeCom XML document and returns the children of its root `<xml>` element.
 * Throws WecomXmlError for malformed XML, a DOCTYPE, or a missing `<xml>` root.
 */
export function parseWecomXml(xml: string): XmlRecord {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new WecomXmlError("DOCTYPE is not allowed");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new WecomXmlError(`malformed XML: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = doc.xml;
  if (!root || typeof root !== "object" || Array.isArray(root)) throw new WecomXmlError("no <xml> root");
  return normalize(root) as XmlRecord;
}

/** The text of a direct child, or undefined when it is absent or not text. */
export function xmlText(record: XmlRecord, name: string): string | undefined {
  const v = record[name];
  return typeof v === "string" ? v : undefined;
}

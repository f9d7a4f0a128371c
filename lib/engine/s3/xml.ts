import { XMLBuilder, XMLParser } from "fast-xml-parser";

const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === "Part" });

export function toXml(root: string, body: Record<string, unknown>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    builder.build({ [root]: { "@_xmlns": S3_NAMESPACE, ...(escapeTree(body) as Record<string, unknown>) } })
  );
}

export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/** XMLBuilder writes text verbatim; keys such as `a&b<c` must not break the document. */
function escapeTree(value: unknown): unknown {
  if (typeof value === "string") return escapeText(value);
  if (Array.isArray(value)) return value.map(escapeTree);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTree(v)]));
  }
  return value;
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

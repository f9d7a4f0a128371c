import { XMLBuilder, XMLParser } from "fast-xml-parser";

const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
// The builder escapes text itself (processEntities), so any key survives the document.
const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === "Part" || name === "Object" });

export function toXml(root: string, body: Record<string, unknown>, namespace = true): string {
  const attributes = namespace ? { "@_xmlns": S3_NAMESPACE } : {};
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + builder.build({ [root]: { ...attributes, ...body } });
}

export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/**
 * SQS's query protocol (what Debian's AWS CLI 2.9 and boto3 send): form fields in, XML out. Fields are turned
 * into the JSON protocol's request shape, so one service and one set of checks serve both.
 */

const XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/";

/** Flattened lists and maps of the query protocol, by field prefix, and the JSON member each becomes. */
const LISTS: Record<string, string> = {
  AttributeName: "AttributeNames",
  MessageSystemAttributeName: "MessageSystemAttributeNames",
  MessageAttributeName: "MessageAttributeNames",
};
/** Lists of structures (`DeleteMessageBatchRequestEntry.1.Id`). */
const ENTRIES: Record<string, string> = { DeleteMessageBatchRequestEntry: "Entries" };
const MAPS: Record<string, { member: string; key: string; value: string }> = {
  Attribute: { member: "Attributes", key: "Name", value: "Value" },
  Tag: { member: "tags", key: "Key", value: "Value" },
  MessageAttribute: { member: "MessageAttributes", key: "Name", value: "Value" },
};

export function parseQueryRequest(body: Buffer): { operation: string; request: Record<string, unknown> } {
  const form = new URLSearchParams(body.toString("utf8"));
  const request: Record<string, unknown> = {};
  const lists: Record<string, [number, string][]> = {};
  const maps: Record<string, Map<number, { key?: string; value?: unknown }>> = {};
  const entries: Record<string, Map<number, Record<string, string>>> = {};
  for (const [field, value] of form) {
    const [prefix = "", index, part] = field.split(".");
    const position = Number(index);
    if (LISTS[prefix] && Number.isInteger(position) && part === undefined) {
      (lists[LISTS[prefix]] ??= []).push([position, value]);
    } else if (ENTRIES[prefix] && Number.isInteger(position) && part) {
      const list = (entries[ENTRIES[prefix]] ??= new Map());
      list.set(position, { ...list.get(position), [part]: value });
    } else if (MAPS[prefix] && Number.isInteger(position) && part) {
      const map = MAPS[prefix];
      const entries = (maps[map.member] ??= new Map());
      const entry = entries.get(position) ?? {};
      if (part === map.key) entry.key = value;
      else if (part === map.value || part.startsWith(`${map.value}`)) entry.value = value;
      entries.set(position, entry);
    } else if (field !== "Action" && field !== "Version") {
      request[field] = value;
    }
  }
  for (const [member, list] of Object.entries(entries)) request[member] = [...list.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  for (const [member, items] of Object.entries(lists)) request[member] = items.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  for (const [member, entries] of Object.entries(maps)) {
    request[member] = Object.fromEntries([...entries.values()].filter((e) => e.key !== undefined).map((e) => [e.key, e.value ?? ""]));
  }
  return { operation: form.get("Action") ?? "", request };
}

/** Operations with an output shape answer a `<Op>Result>` element even when it is empty (botocore expects it). */
const WITH_RESULT = new Set(["CreateQueue", "GetQueueUrl", "GetQueueAttributes", "SendMessage", "ReceiveMessage", "ListQueues", "DeleteMessageBatch"]);

export function queryResponse(operation: string, result: Record<string, unknown>, requestId: string): string {
  const body = WITH_RESULT.has(operation) ? `<${operation}Result>${resultXml(result)}</${operation}Result>` : "";
  return `<?xml version="1.0"?><${operation}Response xmlns="${XMLNS}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

export function queryError(fault: string, code: string, message: string, requestId: string): string {
  return `<?xml version="1.0"?><ErrorResponse xmlns="${XMLNS}"><Error><Type>${fault}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

function resultXml(result: Record<string, unknown>): string {
  return Object.entries(result)
    .map(([member, value]) => {
      if (member === "Attributes") return attributesXml(value as Record<string, string>);
      if (member === "QueueUrls") return (value as string[]).map((url) => element("QueueUrl", url)).join("");
      if (member === "Messages") return (value as Record<string, unknown>[]).map((m) => `<Message>${resultXml(m)}</Message>`).join("");
      if (member === "Successful") return (value as Record<string, unknown>[]).map((e) => `<DeleteMessageBatchResultEntry>${resultXml(e)}</DeleteMessageBatchResultEntry>`).join("");
      if (member === "Failed") return (value as Record<string, unknown>[]).map((e) => `<BatchResultErrorEntry>${resultXml(e)}</BatchResultErrorEntry>`).join("");
      return element(member, String(value));
    })
    .join("");
}

function attributesXml(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `<Attribute>${element("Name", name)}${element("Value", value)}</Attribute>`)
    .join("");
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** A carriage return is escaped too: XML parsers turn a literal one into a line feed. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#xD;" })[c] ?? c);
}

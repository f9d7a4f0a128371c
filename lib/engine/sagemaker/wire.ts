/**
 * awsJson1_1 puts timestamps on the wire as epoch seconds (numbers, fractions allowed) and leaves out absent
 * members. The service works with the SDK's types (Date objects); this turns a result into its wire form.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toWire(member);
    }
    return out;
  }
  return value;
}

/** Reads a wire timestamp (epoch seconds, or an ISO string as some clients send) as epoch milliseconds. */
export function fromWireTimestamp(value: unknown): number | undefined {
  if (typeof value === "number") return value * 1000;
  if (typeof value === "string" && value !== "") {
    const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

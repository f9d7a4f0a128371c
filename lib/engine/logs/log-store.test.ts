import { appendFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsBackward, eventsForward } from "./event-file";
import { LogStore } from "./log-store";
import { getLogEvents } from "./read-events";
import { LogStreamWriter, MAX_EVENT_BYTES } from "./stream-writer";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ferry-logs-"));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function messages(store: LogStore, group: string, stream: string): Promise<string[]> {
  const s = store.group(group)?.streams.get(stream);
  if (!s) return [];
  const out: string[] = [];
  for await (const event of eventsForward(s.file, 0, s.size)) out.push(event.message);
  return out;
}

describe("LogStreamWriter", () => {
  it("makes one event per line, per source, skipping empty lines and ending open lines on flush", async () => {
    const store = new LogStore(path.join(root, "lines"));
    const writer = new LogStreamWriter(store, "g", "s");
    writer.write("out 1\nout ", "stdout");
    writer.write("err 1\n\n", "stderr");
    writer.write("2\nlast", "stdout");
    await writer.flush();
    expect(await messages(store, "g", "s")).toEqual(["out 1", "err 1", "out 2", "last"]);
  });

  it("splits a line longer than CloudWatch's largest event without cutting a character in two", async () => {
    const store = new LogStore(path.join(root, "long"));
    const writer = new LogStreamWriter(store, "g", "s");
    const line = "é".repeat(MAX_EVENT_BYTES);
    writer.write(`${line}\n`, "stdout");
    await writer.flush();
    const events = await messages(store, "g", "s");
    expect(events.join("")).toBe(line);
    expect(events.every((m) => Buffer.byteLength(m) <= MAX_EVENT_BYTES && !m.includes("\uFFFD"))).toBe(true);
    expect(events.length).toBeGreaterThan(1);
  });

  it("stops keeping a stream's output at its cap, and says so", async () => {
    const store = new LogStore(path.join(root, "cap"));
    const writer = new LogStreamWriter(store, "g", "s", 20);
    for (let i = 0; i < 10; i++) writer.write(`line ${i}\n`, "stdout");
    await writer.flush();
    const events = await messages(store, "g", "s");
    expect(events.slice(0, 2)).toEqual(["line 0", "line 1"]);
    expect(events.at(-1)).toContain("more than 20 bytes");
    expect(events).toHaveLength(4);
  });
});

describe("LogStore", () => {
  it("reads events forward and backward across blocks, and keeps them over a restart", async () => {
    const dir = path.join(root, "restart");
    const store = new LogStore(dir);
    const lines = Array.from({ length: 3000 }, (_, i) => `event ${i} ${"x".repeat(i % 97)}`);
    await store.append("g", "s", lines.map((message, i) => ({ timestamp: 1000 + i, ingestionTime: 1000 + i, message })));
    const stream = store.group("g")?.streams.get("s");
    if (!stream) throw new Error("no stream");
    const backward: string[] = [];
    for await (const event of eventsBackward(stream.file, stream.size)) backward.push(event.message);
    expect(backward.reverse()).toEqual(lines);

    const again = new LogStore(dir);
    await again.load();
    expect(await messages(again, "g", "s")).toEqual(lines);
    expect(again.group("g")?.streams.get("s")).toMatchObject({ firstEventTimestamp: 1000, lastEventTimestamp: 3999, size: stream.size });
  });

  it("drops a line a crash cut short, so the next append starts clean", async () => {
    const dir = path.join(root, "crash");
    const store = new LogStore(dir);
    await store.append("g", "s", [{ timestamp: 1, ingestionTime: 1, message: "kept" }]);
    const file = store.group("g")?.streams.get("s")?.file ?? "";
    await appendFile(file, '{"t":2,"i":2,"m":"cut sh');
    const again = new LogStore(dir);
    await again.load();
    await again.append("g", "s", [{ timestamp: 3, ingestionTime: 3, message: "after" }]);
    expect(await messages(again, "g", "s")).toEqual(["kept", "after"]);
  });

  it("pages GetLogEvents forward to the end, where the token comes back unchanged", async () => {
    const store = new LogStore(path.join(root, "paging"));
    await store.append("g", "s", ["a", "b", "c"].map((message, i) => ({ timestamp: i, ingestionTime: i, message })));
    const stream = store.group("g")?.streams.get("s");
    if (!stream) throw new Error("no stream");
    const first = await getLogEvents(stream, { startFromHead: true, limit: 2 });
    expect(first.events.map((e) => e.message)).toEqual(["a", "b"]);
    const second = await getLogEvents(stream, { nextToken: first.nextForwardToken, limit: 2 });
    expect(second.events.map((e) => e.message)).toEqual(["c"]);
    const end = await getLogEvents(stream, { nextToken: second.nextForwardToken });
    expect(end).toMatchObject({ events: [], nextForwardToken: second.nextForwardToken });
    await store.append("g", "s", [{ timestamp: 9, ingestionTime: 9, message: "d" }]);
    expect((await getLogEvents(stream, { nextToken: second.nextForwardToken })).events.map((e) => e.message)).toEqual(["d"]);
  });
});

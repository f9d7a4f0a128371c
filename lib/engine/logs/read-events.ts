import { z } from "zod";
import { AwsError } from "../errors";
import { eventsBackward, eventsForward, isLineStart, type PlacedEvent } from "./event-file";
import { parseFilterPattern } from "./filter-pattern";
import type { LogGroup, LogStream } from "./log-store";
import { compareNames } from "./log-store";
import { eventId, invalidToken, opaqueToken, parseOpaqueToken, parseStreamToken, streamToken } from "./tokens";

/** A response carries at most 10,000 events or 1 MiB (messages plus 26 bytes each), as CloudWatch's do. */
const MAX_EVENTS = 10_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;
const EVENT_OVERHEAD = 26;

const eventBytes = (event: PlacedEvent) => Buffer.byteLength(event.message) + EVENT_OVERHEAD;

export type GetLogEventsRequest = { nextToken?: string; startFromHead?: boolean; startTime?: number; endTime?: number; limit?: number };

/**
 * GetLogEvents: a page forward from the head (or a `f/` token), or backward from the end (or a `b/` token),
 * events oldest first either way. At the end of the stream the token passed in comes back unchanged, which is
 * how callers know to stop (or to poll).
 */
export async function getLogEvents(stream: LogStream, request: GetLogEventsRequest) {
  const token = request.nextToken === undefined ? undefined : parseStreamToken(request.nextToken);
  const size = stream.size;
  if (token && !(await isLineStart(stream.file, token.offset, size))) throw invalidToken();
  const direction = token?.direction ?? (request.startFromHead ? "f" : "b");
  const offset = token?.offset ?? (direction === "f" ? 0 : size);
  const inRange = (e: PlacedEvent) => (request.startTime === undefined || e.timestamp >= request.startTime) && (request.endTime === undefined || e.timestamp < request.endTime);
  const events = await take(direction === "f" ? eventsForward(stream.file, offset, size) : eventsBackward(stream.file, offset), inRange, request.limit ?? MAX_EVENTS);
  if (direction === "b") events.reverse();
  const first = events[0];
  const last = events.at(-1);
  return {
    events: events.map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
    nextForwardToken: last ? streamToken("f", last.next) : direction === "f" && request.nextToken ? request.nextToken : streamToken("f", offset),
    nextBackwardToken: first ? streamToken("b", first.offset) : direction === "b" && request.nextToken ? request.nextToken : streamToken("b", offset),
  };
}

async function take(source: AsyncGenerator<PlacedEvent>, keep: (e: PlacedEvent) => boolean, limit: number): Promise<PlacedEvent[]> {
  const events: PlacedEvent[] = [];
  let bytes = 0;
  for await (const event of source) {
    if (!keep(event)) continue;
    bytes += eventBytes(event);
    if (events.length >= limit || bytes > MAX_RESPONSE_BYTES) break;
    events.push(event);
  }
  return events;
}

export type FilterLogEventsRequest = {
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
};

/** Where each stream's search resumes: stream id → byte offset of the next line to read. */
const Cursors = z.record(z.string().regex(/^[0-9a-f]{64}$/), z.number().int().nonnegative());

type Hit = PlacedEvent & { stream: LogStream };

/**
 * FilterLogEvents, interleaved: the matching events of the chosen streams in timestamp order (ties by stream
 * name). Streams are read one at a time; once a page is full, a stream is read only while its events are older
 * than the newest event kept, so memory stays within a page whatever the number of streams.
 */
export async function filterLogEvents(group: LogGroup, request: FilterLogEventsRequest) {
  if (request.logStreamNames && request.logStreamNamePrefix !== undefined) {
    throw new AwsError("InvalidParameterException", "You cannot specify both logStreamNames and logStreamNamePrefix.");
  }
  const matches = parseFilterPattern(request.filterPattern);
  const cursors = request.nextToken === undefined ? {} : parseOpaqueToken(request.nextToken, Cursors);
  const streams = [...group.streams.values()]
    .filter((s) => (request.logStreamNames ? request.logStreamNames.includes(s.logStreamName) : s.logStreamName.startsWith(request.logStreamNamePrefix ?? "")))
    .filter((s) => s.lastEventTimestamp !== undefined && s.lastEventTimestamp >= (request.startTime ?? 0) && (request.endTime === undefined || (s.firstEventTimestamp ?? 0) <= request.endTime))
    .sort((a, b) => compareNames(a.logStreamName, b.logStreamName));
  const limit = request.limit ?? MAX_EVENTS;
  let kept: Hit[] = [];
  let more = false;
  for (const stream of streams) {
    const from = cursors[stream.id] ?? 0;
    if (!(await isLineStart(stream.file, from, stream.size))) throw invalidToken();
    // Once the page is full, only events older than its newest can still make it in.
    const cutoff = pageIsFull(kept, limit) ? kept.at(-1)?.timestamp : undefined;
    const found: Hit[] = [];
    let foundBytes = 0;
    for await (const event of eventsForward(stream.file, from, stream.size)) {
      if (request.endTime !== undefined && event.timestamp > request.endTime) break;
      if ((request.startTime !== undefined && event.timestamp < request.startTime) || !matches(event.message)) continue;
      if ((cutoff !== undefined && event.timestamp > cutoff) || found.length >= limit || foundBytes >= MAX_RESPONSE_BYTES) {
        more = true;
        break;
      }
      found.push({ ...event, stream });
      foundBytes += eventBytes(event);
    }
    const merged = [...kept, ...found].sort((a, b) => a.timestamp - b.timestamp || compareNames(a.stream.logStreamName, b.stream.logStreamName) || a.offset - b.offset);
    kept = fitPage(merged, limit);
    more ||= kept.length < merged.length;
  }
  const next: Record<string, number> = { ...cursors };
  for (const hit of kept) next[hit.stream.id] = hit.next;
  return {
    events: kept.map((e) => ({ logStreamName: e.stream.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: eventId(e.stream.id, e.offset) })),
    searchedLogStreams: streams.map((s) => ({ logStreamName: s.logStreamName, searchedCompletely: !more })),
    ...(more ? { nextToken: opaqueToken(next) } : {}),
  };
}

function pageIsFull(hits: Hit[], limit: number): boolean {
  return hits.length >= limit || hits.reduce((sum, hit) => sum + eventBytes(hit), 0) >= MAX_RESPONSE_BYTES;
}

/** The oldest events that fit one response. */
function fitPage(hits: Hit[], limit: number): Hit[] {
  const page: Hit[] = [];
  let bytes = 0;
  for (const hit of hits) {
    bytes += eventBytes(hit);
    if (page.length >= limit || bytes > MAX_RESPONSE_BYTES) break;
    page.push(hit);
  }
  return page;
}

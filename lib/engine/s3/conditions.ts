import type { IncomingHttpHeaders } from "node:http";
import { AwsError } from "../errors";
import type { ObjectMeta } from "./store";

/**
 * GetObject/HeadObject's conditional headers, evaluated in RFC 7232's order as S3 documents them:
 * `If-Match` (else `If-Unmodified-Since`) failing is 412 PreconditionFailed; then `If-None-Match` (else
 * `If-Modified-Since`) failing is 304 Not Modified. Dates compare to the second, as Last-Modified is sent.
 */
export function notModified(headers: IncomingHttpHeaders, meta: ObjectMeta): boolean {
  const modified = Math.floor(meta.lastModified / 1000) * 1000;
  const ifMatch = headers["if-match"];
  const unmodifiedSince = date(headers["if-unmodified-since"]);
  if (ifMatch !== undefined ? !etagMatches(ifMatch, meta.etag) : unmodifiedSince !== undefined && modified > unmodifiedSince) {
    throw new AwsError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412);
  }
  const ifNoneMatch = headers["if-none-match"];
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, meta.etag);
  const modifiedSince = date(headers["if-modified-since"]);
  return modifiedSince !== undefined && modified <= modifiedSince;
}

/** `*`, or a comma-separated list of entity tags, quoted or not, weak or strong. */
function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, "").replace(/"/g, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/** An unparseable date is ignored, as HTTP says. */
function date(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

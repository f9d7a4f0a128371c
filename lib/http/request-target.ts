/**
 * The longest request target (path and query) Ferry serves: 6 KiB, far above any URL it makes (filters, cursors,
 * S3 prefixes of at most 1,024 characters). Next answers a path it normalises (`//`, a trailing slash) with a
 * redirect that echoes the whole target in two headers (Location, Refresh); past about 8 KiB that answer's headers
 * exceed the 16 KiB that Node's HTTP clients read, so a longer target is refused before Next sees it.
 */
export const MAX_REQUEST_TARGET_BYTES = 6 * 1024;

export function requestTargetTooLong(target: string | undefined): boolean {
  return Buffer.byteLength(target ?? "") > MAX_REQUEST_TARGET_BYTES;
}

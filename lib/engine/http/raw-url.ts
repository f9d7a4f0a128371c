/**
 * Splits a request target without normalising it: `new URL()` would resolve `..` segments, and an S3 key
 * such as `a/../b` must reach the store exactly as the client sent it (and as it signed it).
 */
export function splitTarget(target: string): { path: string; query: URLSearchParams; rawQuery: string } {
  const mark = target.indexOf("?");
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  const rawQuery = mark < 0 ? "" : target.slice(mark + 1);
  return { path: rawPath, query: new URLSearchParams(rawQuery), rawQuery };
}

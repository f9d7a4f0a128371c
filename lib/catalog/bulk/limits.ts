/**
 * What one bulk lift accepts. Limits are checked before anything is parsed or extracted, so a hostile upload
 * costs at most its own size in memory. The import page shows these numbers (components/catalog/bulk).
 */
export const BULK_LIMITS = {
  manifestBytes: 5 * 1024 * 1024,
  manifestRows: 5_000,
  zipBytes: 50 * 1024 * 1024,
  /** Sum of the declared and of the actual uncompressed sizes. */
  zipUncompressedBytes: 200 * 1024 * 1024,
  zipEntries: 2_000,
  fileBytes: 5 * 1024 * 1024,
  /** Source code compresses 3–10×; a far higher ratio on a file of some size is a zip bomb. */
  compressionRatio: 100,
  /** Files smaller than this are never refused for their ratio (a 40 KB file of spaces is not a bomb). */
  ratioCheckFromBytes: 1024 * 1024,
} as const;

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

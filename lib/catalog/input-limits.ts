/** Limits of a model's input data uploads and previews (lib/catalog/input-data.ts), shared with the page. */
export const INPUT_LIMITS = { files: 10, fileBytes: 20_000_000, totalBytes: 50_000_000 } as const;
/** Rows per preview page (a page of very wide rows may show fewer: one page reads at most 256 KB). */
export const PREVIEW_ROWS = 50;

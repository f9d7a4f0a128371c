/**
 * Tables that record what happened to a request rather than catalog state: a refused sign-in is counted, an
 * import that stops at a rule reports "failed" to its own progress bar, workers beat while a test waits, and
 * every API call counts against its token's rate window.
 * "Nothing changed" checks leave them out; every other table must be untouched by a refusal.
 */
export const BOOKKEEPING_TABLES: readonly string[] = ["sign_in_throttles", "bulk_import_progress", "workers", "api_rate_windows"];

/**
 * Tables that record what happened to a request rather than catalog state: a refused sign-in is counted, an
 * import that stops at a rule reports "failed" to its own progress bar, and workers beat while a test waits.
 * "Nothing changed" checks leave them out; every other table must be untouched by a refusal.
 */
export const BOOKKEEPING_TABLES: readonly string[] = ["sign_in_throttles", "bulk_import_progress", "workers"];

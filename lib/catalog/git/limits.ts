import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";

/**
 * What one fetch from Git may cost. A code version's own limits (file count, per-file and total size, name
 * rules) are the uploads' (SCRIPT_LIMITS); these bound the repository around it.
 */
export const GIT_LIMITS = {
  /** Bytes received over HTTP for one fetch (refs and pack). */
  fetchBytes: 50_000_000,
  /** Any one object once inflated, and all of them together: a pack of zeros compresses 1000:1. */
  objectBytes: 20_000_000,
  inflatedBytes: 200_000_000,
  /** Entries walked in the sub-folder (files, folders, links, submodules). */
  treeEntries: 2_000,
  files: SCRIPT_LIMITS.maxFiles,
  fileBytes: SCRIPT_LIMITS.maxFileBytes,
  timeoutMs: 60_000,
  redirects: 5,
} as const;

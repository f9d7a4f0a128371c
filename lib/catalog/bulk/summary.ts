import { z } from "zod";
import { CodeFiles } from "@/lib/catalog/scripts/code-versions";

/** A new code version written by an import, whose prefix is filled from the staged objects once it has committed. */
export const NewCodeVersion = z.object({ slug: z.string(), version: z.number().int().min(1), files: CodeFiles });
export type NewCodeVersion = z.infer<typeof NewCodeVersion>;

/** What an import did; stored with a queued import (bulk_imports.summary) and read back by the page and by a retried job. */
export const BulkImportSummary = z.object({
  importId: z.uuid(),
  created: z.array(z.string()),
  updated: z.array(z.object({ slug: z.string(), changes: z.array(z.string()) })),
  unchanged: z.number().int().min(0),
  /** New code versions, whose prefixes the import fills once the transaction has committed. */
  codeVersions: z.array(NewCodeVersion),
  /** Rows with a `git` column, imported after the transaction (lib/catalog/git/manifest-column.ts). */
  git: z.array(z.object({ slug: z.string(), commit: z.string().nullable(), codeVersion: z.number().int().nullable(), error: z.string().nullable() })).optional(),
});
export type BulkImportSummary = z.infer<typeof BulkImportSummary>;

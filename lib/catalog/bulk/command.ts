import { randomUUID } from "node:crypto";
import { defineCommand } from "@/lib/commands/command";
import { objectActorOf } from "@/lib/commands/object-access";
import { AppError } from "@/lib/commands/errors";
import type { GitRowOutcome } from "@/lib/catalog/git/manifest-column";
import { BulkImportInput } from "./input";
import { planImport, type ModelPlan } from "./plan";
import { writeImport, type NewCodeVersion } from "./write";

export type BulkImportSummary = {
  importId: string;
  created: string[];
  updated: { slug: string; changes: string[] }[];
  unchanged: number;
  /** New code versions, whose prefixes ./run.ts fills once the transaction has committed. */
  codeVersions: NewCodeVersion[];
  /** Rows with a `git` column, imported after the transaction (lib/catalog/git/manifest-column.ts). */
  git?: GitRowOutcome[];
};

export function summarise(importId: string, plans: ModelPlan[], codeVersions: NewCodeVersion[] = []): BulkImportSummary {
  return {
    codeVersions,
    importId,
    created: plans.filter((p) => p.action === "create").map((p) => p.slug),
    updated: plans.filter((p) => p.action === "update").map(({ slug, changes }) => ({ slug, changes })),
    unchanged: plans.filter((p) => p.action === "unchanged").length,
  };
}

export function describeSummary(source: string, s: Pick<BulkImportSummary, "created" | "updated" | "unchanged">): string {
  if (s.created.length === 0 && s.updated.length === 0) return `Imported ${source}: nothing changed (${s.unchanged} unchanged)`;
  return `Imported ${source}: ${s.created.length} created, ${s.updated.length} updated, ${s.unchanged} unchanged`;
}

/**
 * Upserts many models by slug in one transaction: every row is planned against the catalog first, any row
 * that cannot be imported refuses the whole import, then a few set-based statements write the rest. Files
 * named in the input were staged by content beforehand (see ./run.ts).
 */
export const bulkImportModels = defineCommand({
  name: "models.bulk_import",
  permission: "catalog:write",
  input: BulkImportInput,
  run: async ({ tx, input, actor }) => {
    // Models that get new code are locked first, as a single upload locks its model, so version numbers never collide.
    const withFiles = input.models.filter((m) => m.files.length > 0).map((m) => m.fields.slug);
    if (withFiles.length > 0) await tx.$queryRaw`SELECT id FROM models WHERE slug = ANY(${withFiles}::text[]) ORDER BY slug FOR UPDATE`;
    // Each existing model is checked against the object rules inside the plan (one import, many targets).
    const { plans, writes } = await planImport(tx, input.models, await objectActorOf(tx, actor));
    const failed = plans.findIndex((p) => p.error);
    if (failed >= 0) {
      const message = plans[failed]?.error ?? "";
      throw new AppError("INVALID_INPUT", `Please correct the input. models.${failed}: ${message}`, { [`models.${failed}.fields`]: [message] });
    }
    const codeVersions = await writeImport(tx, writes, actor.id);
    const summary = summarise(randomUUID(), plans, codeVersions);
    return {
      result: summary,
      audit: {
        targetType: "model_import",
        targetId: summary.importId,
        summary: describeSummary(input.source, summary),
        // Slugs are short; even 5,000 of them keep the audit row well under a megabyte.
        details: { source: input.source, created: summary.created, updated: summary.updated, unchanged: summary.unchanged },
      },
    };
  },
});

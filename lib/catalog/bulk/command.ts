import { randomUUID } from "node:crypto";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { objectActorOf } from "@/lib/commands/object-access";
import { AppError } from "@/lib/commands/errors";
import { BulkImportInput } from "./input";
import { planImport, type ModelPlan } from "./plan";
import type { BulkImportSummary, NewCodeVersion } from "./summary";
import { writeImport } from "./write";
import { emitEvent } from "@/lib/webhooks/events";

export type { BulkImportSummary } from "./summary";

/**
 * A queued import (./job.ts) is written at most once: its row is locked for the transaction, and one that already
 * holds a summary refuses a second write (a retried job then goes on with the stored summary).
 */
async function claimQueuedImport(tx: Tx, importId: string, actorId: string): Promise<void> {
  const [row] = await tx.$queryRaw<{ written: boolean }[]>`SELECT summary IS NOT NULL AS written FROM bulk_imports WHERE id = ${importId}::uuid AND actor_id = ${actorId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("NOT_FOUND", "That import does not exist.");
  if (row.written) throw new AppError("CONFLICT", "That import has already been written.");
}

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

/** Any model that cannot be imported refuses the whole import, naming the first. */
export function refuseFailedPlan(plans: ModelPlan[]): void {
  const failed = plans.findIndex((p) => p.error);
  if (failed < 0) return;
  const message = plans[failed]?.error ?? "";
  throw new AppError("INVALID_INPUT", `Please correct the input. models.${failed}: ${message}`, { [`models.${failed}.fields`]: [message] });
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
    if (input.importId) await claimQueuedImport(tx, input.importId, actor.id);
    // Models that get new code are locked first, as a single upload locks its model, so version numbers never collide.
    const withFiles = input.models.filter((m) => m.files.length > 0).map((m) => m.fields.slug);
    if (withFiles.length > 0) await tx.$queryRaw`SELECT id FROM models WHERE slug = ANY(${withFiles}::text[]) ORDER BY slug FOR UPDATE`;
    // Each existing model is checked against the object rules inside the plan (one import, many targets).
    const { plans, writes } = await planImport(tx, input.models, await objectActorOf(tx, actor));
    refuseFailedPlan(plans);
    const codeVersions = await writeImport(tx, writes, actor.id);
    const summary = summarise(input.importId ?? randomUUID(), plans, codeVersions);
    if (input.importId) await tx.bulkImport.update({ where: { id: input.importId }, data: { summary } });
    await emitEvent(tx, "bulk_lift.done", { importId: summary.importId, source: input.source, created: summary.created, updated: summary.updated.map((u) => u.slug), unchanged: summary.unchanged, by: actor.email });
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

import { z } from "zod";
import { defineCommand } from "@/lib/commands/command";
import { enqueue } from "@/lib/jobs/enqueue";
import { nameField } from "@/lib/validation/fields";
import { BULK_LIMITS } from "./limits";
import { forgetFinishedProgress } from "./progress";

/** Finished imports are forgotten after a week; their models, code and audit events stay. */
const KEEP_DAYS = 7;

export const BulkImportRequest = z.object({
  importId: z.uuid(),
  fileName: nameField("File name", 200),
  upload: z
    .instanceof(Uint8Array, { error: "The upload must be a file" })
    .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= BULK_LIMITS.zipBytes, "The upload is empty or too large"),
  /** How many models the checked upload holds, for the progress bar and the audit trail. */
  models: z.number().int().min(1).max(BULK_LIMITS.manifestRows),
});

/**
 * The intent of a bulk lift, after every row was checked: the upload, its progress row and the job that imports it,
 * in one transaction (the job then finds the bytes in PostgreSQL, whichever machine it runs on). Nothing in the
 * catalog or the bucket changes here.
 */
export const requestBulkImport = defineCommand({
  name: "models.bulk_import_queue",
  permission: "catalog:write",
  input: BulkImportRequest,
  run: async ({ tx, input, actor }) => {
    await tx.bulkImport.deleteMany({ where: { finishedAt: { lt: new Date(Date.now() - KEEP_DAYS * 86_400_000) } } });
    await forgetFinishedProgress(tx);
    await tx.bulkImport.create({ data: { id: input.importId, actorId: actor.id, fileName: input.fileName, upload: input.upload } });
    const now = new Date();
    await tx.bulkImportProgress.upsert({
      where: { actorId_importId: { actorId: actor.id, importId: input.importId } },
      create: { actorId: actor.id, importId: input.importId, stage: "queued", done: 0, total: input.models, updatedAt: now },
      update: { stage: "queued", done: 0, total: input.models, updatedAt: now },
    });
    await enqueue(tx, "catalog.bulk-import", { importId: input.importId });
    return {
      result: { importId: input.importId },
      audit: { targetType: "model_import", targetId: input.importId, summary: `Import of ${input.fileName} queued (${input.models} models)` },
    };
  },
});

import { z } from "zod";
import { authorize } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { previewBulk, queueBulkImport } from "@/lib/catalog/bulk/run";
import { bulkProgressQuery } from "@/lib/catalog/bulk/queries";
import { BULK_UPLOAD } from "@/lib/http/bulk-upload";
import { defineEndpoint, type EndpointContext } from "../endpoint";
import { multipartBody, operation, query } from "../handlers";
import { respond } from "../respond";
import { BulkLiftAccepted, BulkPreview, BulkProgress } from "../schemas";
import { PROBLEM } from "./meta";

const Upload = z.object({
  file: z.string().meta({ format: "binary", description: "A manifest (.csv, .json) or a .zip with one folder per model (lib/catalog/bulk/README.md)" }),
  importId: z.uuid().optional().meta({ description: "Your id for this import, to follow its progress while it runs" }),
});

async function uploadedForm(ctx: EndpointContext, what: string) {
  const form = await multipartBody(ctx, BULK_UPLOAD.permission, what, BULK_UPLOAD.limits);
  return BULK_UPLOAD.input(form);
}

export const previewBulkLift = defineEndpoint({
  method: "POST",
  path: "/bulk-lifts/preview",
  operationId: "previewBulkLift",
  tag: "Bulk lift",
  summary: "What importing this file would do, row by row; changes nothing",
  body: { mediaType: "multipart/form-data", schema: Upload.pick({ file: true }) },
  responses: { 200: { description: "The preview", schema: BulkPreview }, 401: PROBLEM, 403: PROBLEM, 413: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(BulkPreview, await operation(ctx, previewBulk, await uploadedForm(ctx, "models.bulk_preview"))),
});

export const commitBulkLift = defineEndpoint({
  method: "POST",
  path: "/bulk-lifts",
  operationId: "commitBulkLift",
  tag: "Bulk lift",
  summary: "Import the file: checked now (a refused row refuses the file), then written by a worker, every model in one transaction; follow it at Location",
  body: { mediaType: "multipart/form-data", schema: Upload },
  responses: { 202: { description: "Queued; GET /bulk-lifts/{importId} (the Location) says how far it is and, once done, what it wrote", schema: BulkLiftAccepted }, 401: PROBLEM, 403: PROBLEM, 413: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const queued = await operation(ctx, queueBulkImport, await uploadedForm(ctx, "models.bulk_import"));
    return respond(BulkLiftAccepted, queued, { status: 202, headers: { Location: `/api/v1/bulk-lifts/${queued.importId}` } });
  },
});

export const getBulkLiftProgress = defineEndpoint({
  method: "GET",
  path: "/bulk-lifts/{importId}",
  operationId: "getBulkLiftProgress",
  tag: "Bulk lift",
  summary: "How far your import is (queued, validating, uploading n of m, writing, done with its summary, or failed with why)",
  params: z.object({ importId: z.uuid() }),
  responses: { 200: { description: "Its progress", schema: BulkProgress }, 401: PROBLEM, 404: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:write", "models.bulk_progress");
    const progress = await query(ctx, bulkProgressQuery, { importId: ctx.params.importId });
    if (!progress) throw new AppError("NOT_FOUND", "You have no import with that id (progress is kept for 10 minutes).");
    return respond(BulkProgress, progress);
  },
});

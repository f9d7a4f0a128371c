import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { authorize, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { listModelsQuery } from "@/lib/catalog/queries";
import { ModelListFilters } from "@/lib/catalog/models/list";
import { findModel } from "@/lib/catalog/models/queries";
import { saveModel, SaveModelInput } from "@/lib/catalog/models/upsert";
import { uploadScripts } from "@/lib/catalog/scripts/upload";
import { SCRIPT_LIMITS } from "@/lib/catalog/scripts/file-names";
import { liveDeploymentsOf } from "@/lib/deployments/queries";
import { uploadedFiles, uploadLimits } from "@/lib/http/upload-inputs";
import { defineEndpoint, type EndpointContext } from "../endpoint";
import { etagOf, ifMatchTags, withIfMatch } from "../etag";
import { command, jsonBody, multipartBody, operation, query } from "../handlers";
import { nextLink, respond } from "../respond";
import { CodeVersion, Model, ModelSummary, Page } from "../schemas";
import { PROBLEM } from "./meta";
import { IdOrName, modelIdOf } from "./lookup";

const ModelPath = z.object({ model: IdOrName("model") });
const ModelPage = Page(ModelSummary, "ModelPage");

/** A model's ETag: it changes whenever the model's own fields do (every save moves updated_at). */
const modelTag = (model: { id: string; updatedAt: Date }) => etagOf({ id: model.id, updatedAt: model.updatedAt });

async function modelDetail(db: PrismaClient, id: string) {
  const row = await db.model.findUnique({ where: { id }, select: { slug: true } });
  const model = row ? await findModel(db, row.slug) : null;
  if (!model) throw new AppError("NOT_FOUND", "That model no longer exists.");
  const live = await liveDeploymentsOf(db, id);
  return {
    ...model,
    codeVersion: model.codeVersions[0]?.version ?? 0,
    liveDeployments: live.map((d) => ({ id: d.id, environment: d.environment.name, pipeline: d.pipelineVersion.pipeline.name, version: d.pipelineVersion.version })),
  };
}

async function answerModel(ctx: EndpointContext, id: string, status = 200) {
  const model = await modelDetail(ctx.db, id);
  return respond(Model, model, { status, headers: { ETag: modelTag(model), ...(status === 201 ? { Location: `/api/v1/models/${model.id}` } : {}) } });
}

export const listModels = defineEndpoint({
  method: "GET",
  path: "/models",
  operationId: "listModels",
  tag: "Models",
  summary: "List models (the filters and keyset pages of /models)",
  query: ModelListFilters,
  responses: { 200: { description: "One page of models, most recently changed first", schema: ModelPage }, 401: PROBLEM, 403: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const page = await query(ctx, listModelsQuery, ctx.query);
    return respond(ModelPage, { data: page.rows, next: page.nextCursor }, { headers: nextLink(ctx.request, "cursor", page.nextCursor) });
  },
});

export const getModel = defineEndpoint({
  method: "GET",
  path: "/models/{model}",
  operationId: "getModel",
  tag: "Models",
  summary: "A model, with its scripts, what it lacks and where it is live",
  params: ModelPath,
  responses: { 200: { description: "The model (ETag: its version, for If-Match)", schema: Model }, 401: PROBLEM, 404: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "models.get");
    return answerModel(ctx, await modelIdOf(ctx.db, ctx.params.model ?? ""));
  },
});

const CreateModelBody = SaveModelInput.omit({ id: true }).meta({ id: "ModelFields" });

export const createModel = defineEndpoint({
  method: "POST",
  path: "/models",
  operationId: "createModel",
  tag: "Models",
  summary: "Create a model (slug, displayName and team at least)",
  body: { mediaType: "application/json", schema: CreateModelBody },
  responses: { 201: { description: "The new model", schema: Model }, 401: PROBLEM, 403: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    // An id in the body would turn the create into an update of another model: creates name none.
    const saved = await command(ctx, saveModel, { ...(await jsonBody(ctx)), id: undefined });
    return answerModel(ctx, saved.id, 201);
  },
});

async function lockedModelTag(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM models WHERE id = ${id}::uuid FOR UPDATE`;
  const model = await tx.model.findUnique({ where: { id }, select: { id: true, updatedAt: true } });
  if (!model) throw new AppError("NOT_FOUND", "That model no longer exists.");
  return { id: model.id, updatedAt: model.updatedAt };
}

export const updateModel = defineEndpoint({
  method: "PATCH",
  path: "/models/{model}",
  operationId: "updateModel",
  tag: "Models",
  summary: "Change the fields named (the same rules as the edit page); If-Match with the model's ETag guards against lost updates",
  params: ModelPath,
  headers: z.object({ "If-Match": z.string().optional().meta({ description: "The ETag of the model as you read it; a mismatch is 412" }) }),
  body: { mediaType: "application/json", schema: CreateModelBody.partial() },
  responses: { 200: { description: "The model after the change", schema: Model }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 412: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:write", "models.save");
    const id = await modelIdOf(ctx.db, ctx.params.model ?? "");
    const body = await jsonBody(ctx);
    const tags = ifMatchTags(ctx.request.headers.get("if-match"));
    const save = tags ? withIfMatch(saveModel, tags, async (tx) => lockedModelTag(tx, id)) : saveModel;
    await command(ctx, save, { ...body, id });
    return answerModel(ctx, id);
  },
});

const SCRIPT_UPLOAD_LIMITS = uploadLimits({ files: SCRIPT_LIMITS.maxFiles, fileBytes: SCRIPT_LIMITS.maxFileBytes, totalFileBytes: SCRIPT_LIMITS.maxTotalBytes });

export const uploadModelScripts = defineEndpoint({
  method: "POST",
  path: "/models/{model}/scripts",
  operationId: "uploadScripts",
  tag: "Models",
  summary: "Upload scripts as the model's next code version (multipart `files`, each named by its relative path)",
  params: ModelPath,
  body: {
    mediaType: "multipart/form-data",
    schema: z.object({ files: z.array(z.string().meta({ format: "binary" })).meta({ description: "One part per file; its filename is the path inside the model's code" }) }),
  },
  responses: { 201: { description: "The new code version", schema: CodeVersion }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 413: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    const form = await multipartBody(ctx, "catalog:write", "scripts.upload", SCRIPT_UPLOAD_LIMITS);
    const modelId = await modelIdOf(ctx.db, ctx.params.model ?? "");
    const recorded = await operation(ctx, uploadScripts, { modelId, files: uploadedFiles(form) });
    return respond(CodeVersion, recorded, { status: 201 });
  },
});

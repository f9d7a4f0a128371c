import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import { authorize } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { createPipeline, CreatePipelineInput, publishPipelineVersion, savePipelineDraft } from "@/lib/pipelines/commands";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { VERSION_EXPORT_NAMES, VERSION_EXPORTS, type VersionExport } from "@/lib/pipelines/exports";
import { findPipeline, findPipelineVersion, listEnvironments, listPipelines } from "@/lib/pipelines/queries";
import { defineEndpoint } from "../endpoint";
import { command, jsonBody } from "../handlers";
import { respond } from "../respond";
import { Environment, Pipeline, PipelineCreated, PipelineSummary, PipelineVersion, Published } from "../schemas";
import { PROBLEM } from "./meta";
import { IdOrName, pipelineIdOf } from "./lookup";

const PipelinePath = z.object({ pipeline: IdOrName("pipeline") });
const PipelineList = z.object({ data: z.array(PipelineSummary) }).meta({ id: "PipelineList" });

export const listPipelinesEndpoint = defineEndpoint({
  method: "GET",
  path: "/pipelines",
  operationId: "listPipelines",
  tag: "Pipelines",
  summary: "Pipelines, most recently changed first",
  responses: { 200: { description: "Every pipeline", schema: PipelineList }, 401: PROBLEM, 403: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "pipelines.list");
    const rows = await listPipelines(ctx.db);
    const data = rows.map((p) => ({ ...p, latestVersion: p.versions[0]?.version ?? null, versionCount: p._count.versions }));
    return respond(PipelineList, { data });
  },
});

export const createPipelineEndpoint = defineEndpoint({
  method: "POST",
  path: "/pipelines",
  operationId: "createPipeline",
  tag: "Pipelines",
  summary: "Create a pipeline; its draft starts from the article's three steps",
  body: { mediaType: "application/json", schema: CreatePipelineInput.meta({ id: "PipelineFields" }) },
  responses: { 201: { description: "The new pipeline", schema: PipelineCreated }, 401: PROBLEM, 403: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => respond(PipelineCreated, await command(ctx, createPipeline, await jsonBody(ctx)), { status: 201 }),
});

export const getPipeline = defineEndpoint({
  method: "GET",
  path: "/pipelines/{pipeline}",
  operationId: "getPipeline",
  tag: "Pipelines",
  summary: "A pipeline with its draft and published versions",
  params: PipelinePath,
  responses: { 200: { description: "The pipeline", schema: Pipeline }, 401: PROBLEM, 404: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "pipelines.get");
    const pipeline = await findPipeline(ctx.db, await pipelineIdOf(ctx.db, ctx.params.pipeline ?? ""));
    if (!pipeline) throw new AppError("NOT_FOUND", "That pipeline does not exist.");
    return respond(Pipeline, { ...pipeline, draft: pipeline.draft ?? pipeline.draftSpec });
  },
});

export const saveDraft = defineEndpoint({
  method: "PUT",
  path: "/pipelines/{pipeline}/draft",
  operationId: "savePipelineDraft",
  tag: "Pipelines",
  summary: "Replace the pipeline's draft (validated as the editor validates it)",
  params: PipelinePath,
  body: { mediaType: "application/json", schema: z.object({ draft: PipelineDraft }).meta({ id: "PipelineDraftBody" }) },
  responses: { 200: { description: "Saved", schema: z.object({ id: z.uuid() }) }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "pipelines:write", "pipelines.save_draft");
    const pipelineId = await pipelineIdOf(ctx.db, ctx.params.pipeline ?? "");
    const body = await jsonBody(ctx);
    return respond(z.object({ id: z.uuid() }), await command(ctx, savePipelineDraft, { pipelineId, draft: body.draft }));
  },
});

export const publishVersion = defineEndpoint({
  method: "POST",
  path: "/pipelines/{pipeline}/versions",
  operationId: "publishPipelineVersion",
  tag: "Pipelines",
  summary: "Publish the current draft as the next immutable version",
  params: PipelinePath,
  responses: { 201: { description: "The new version", schema: Published }, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "pipelines:write", "pipelines.publish");
    const pipelineId = await pipelineIdOf(ctx.db, ctx.params.pipeline ?? "");
    const version = await command(ctx, publishPipelineVersion, { pipelineId });
    return respond(Published, version, { status: 201, headers: { Location: `/api/v1/pipeline-versions/${version.id}` } });
  },
});

async function frozenVersion(db: PrismaClient, id: string) {
  const version = z.uuid().safeParse(id).success ? await findPipelineVersion(db, id) : null;
  if (!version) throw new AppError("NOT_FOUND", "That pipeline version does not exist.");
  return version;
}

const VersionPath = z.object({ version: z.uuid() });

export const getVersion = defineEndpoint({
  method: "GET",
  path: "/pipeline-versions/{version}",
  operationId: "getPipelineVersion",
  tag: "Pipelines",
  summary: "A published version: its spec, definition and execution-input schema",
  params: VersionPath,
  responses: { 200: { description: "The version", schema: PipelineVersion }, 401: PROBLEM, 404: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "pipelines.version");
    return respond(PipelineVersion, await frozenVersion(ctx.db, ctx.params.version ?? ""));
  },
});

export const exportVersion = defineEndpoint({
  method: "GET",
  path: "/pipeline-versions/{version}/exports/{export}",
  operationId: "exportPipelineVersion",
  tag: "Pipelines",
  summary: "What a version generates: definition, sample-input, iam-policies or cloudformation (JSON)",
  params: VersionPath.extend({ export: z.enum(VERSION_EXPORT_NAMES as [VersionExport, ...VersionExport[]]) }),
  responses: { 200: { description: "The export as JSON", schema: z.unknown() }, 401: PROBLEM, 404: PROBLEM, 422: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "pipelines.export");
    const name = ctx.params.export as VersionExport;
    if (!VERSION_EXPORT_NAMES.includes(name)) throw new AppError("NOT_FOUND", `Versions export ${VERSION_EXPORT_NAMES.join(", ")}.`);
    return respond(z.unknown(), VERSION_EXPORTS[name](await frozenVersion(ctx.db, ctx.params.version ?? "")));
  },
});

const EnvironmentList = z.object({ data: z.array(Environment) }).meta({ id: "EnvironmentList" });

export const listEnvironmentsEndpoint = defineEndpoint({
  method: "GET",
  path: "/environments",
  operationId: "listEnvironments",
  tag: "Deployments",
  summary: "Where deployments can go (the embedded engine, AWS accounts)",
  responses: { 200: { description: "Every environment", schema: EnvironmentList }, 401: PROBLEM, 403: PROBLEM },
  handle: async (ctx) => {
    authorize(ctx.caller.actor, "catalog:read", "environments.list");
    return respond(EnvironmentList, { data: await listEnvironments(ctx.db) });
  },
});

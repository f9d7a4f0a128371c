import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { descriptionField, idField } from "@/lib/validation/fields";
import { asJson } from "@/lib/db/json";
import { definitionOf, PipelineDraft, pipelineNameField } from "./draft";
import { checkDraft, contentHash } from "./draft-checks";
import { importDefinition } from "./import";
import { executionInputJsonSchema } from "./input";
import { templatePolicies } from "./policies";
import { ARTICLE_PIPELINE } from "./fixtures/article-pipeline";

const MAX_DEFINITION_CHARS = 1_000_000; // Step Functions' definition limit is 1 MB.

/** New pipelines start from the article's three steps: editing beats a blank page. */
export const STARTER_DRAFT: PipelineDraft = { kind: "spec", spec: ARTICLE_PIPELINE };

/** The starter steps, described by what the creator typed (the template's own words only when they typed none). */
function starterDraft(description: string): PipelineDraft {
  return description ? { kind: "spec", spec: { ...ARTICLE_PIPELINE, description } } : STARTER_DRAFT;
}

export const CreatePipelineInput = z.object({ name: pipelineNameField, description: descriptionField(256).default("") });

export const createPipeline = defineCommand({
  name: "pipelines.create",
  permission: "pipelines:write",
  input: CreatePipelineInput,
  run: async ({ tx, input, actor }) => {
    const pipeline = await tx.pipeline.create({
      data: { name: input.name, description: input.description, ownerId: actor.id, draftSpec: asJson(starterDraft(input.description)) },
      select: { id: true, name: true },
    });
    return { result: pipeline, audit: { targetType: "pipeline", targetId: pipeline.id, summary: `Created pipeline ${pipeline.name}` } };
  },
});

export const SaveDraftInput = z.object({ pipelineId: idField("Pipeline"), draft: PipelineDraft });

export const savePipelineDraft = defineCommand({
  name: "pipelines.save_draft",
  permission: "pipelines:write",
  input: SaveDraftInput,
  run: async ({ tx, input }) => {
    const pipeline = await findPipeline(tx, input.pipelineId);
    await tx.pipeline.update({ where: { id: pipeline.id }, data: { draftSpec: asJson(input.draft) } });
    return { result: { id: pipeline.id }, audit: { targetType: "pipeline", targetId: pipeline.id, summary: `Saved the draft of ${pipeline.name}` } };
  },
});

export const PublishInput = z.object({ pipelineId: idField("Pipeline") });

/** Freezes the current draft as the next immutable version, with everything generated from it. */
export const publishPipelineVersion = defineCommand({
  name: "pipelines.publish",
  permission: "pipelines:write",
  input: PublishInput,
  run: async ({ tx, input, actor }) => {
    const pipeline = await findPipeline(tx, input.pipelineId);
    // Serialise publishes of one pipeline so two editors cannot both become "version N".
    await tx.$queryRaw`SELECT id FROM pipelines WHERE id = ${pipeline.id}::uuid FOR UPDATE`;
    const draft = PipelineDraft.safeParse(pipeline.draftSpec);
    if (!draft.success) throw new AppError("INVALID_INPUT", `The draft is not valid: ${draft.error.issues[0]?.message ?? "unknown problem"}. Fix it in the editor first.`);
    const problems = checkDraft(draft.data, pipeline.name);
    if (problems.length > 0) throw new AppError("INVALID_INPUT", `The definition does not validate: ${problems[0]?.message}`);
    const hash = contentHash(draft.data);
    const same = await tx.pipelineVersion.findUnique({ where: { pipelineId_contentHash: { pipelineId: pipeline.id, contentHash: hash } }, select: { version: true } });
    if (same) throw new AppError("CONFLICT", `Nothing changed since version ${same.version}: it has exactly this content.`);
    const latest = await tx.pipelineVersion.aggregate({ where: { pipelineId: pipeline.id }, _max: { version: true } });
    const version = await tx.pipelineVersion.create({
      data: {
        pipelineId: pipeline.id,
        version: (latest._max.version ?? 0) + 1,
        contentHash: hash,
        spec: asJson(draft.data),
        definition: asJson(definitionOf(draft.data, pipeline.name)),
        inputSchema: asJson(draft.data.kind === "spec" ? executionInputJsonSchema(draft.data.spec) : {}),
        iamPolicies: asJson(templatePolicies()),
        publishedById: actor.id,
      },
      select: { id: true, version: true, contentHash: true },
    });
    return {
      result: version,
      audit: { targetType: "pipeline", targetId: pipeline.id, summary: `Published ${pipeline.name} v${version.version}`, details: { contentHash: hash } },
    };
  },
});

export const ImportPipelineInput = z.object({
  name: pipelineNameField,
  definition: z.string({ error: "Paste a definition (JSON)" }).min(2, "Paste a definition (JSON)").max(MAX_DEFINITION_CHARS, "A definition is at most 1 MB"),
});

export const importPipeline = defineCommand({
  name: "pipelines.import",
  permission: "pipelines:write",
  input: ImportPipelineInput,
  run: async ({ tx, input, actor }) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input.definition);
    } catch (error) {
      throw new AppError("INVALID_INPUT", `The definition is not valid JSON: ${error instanceof Error ? error.message : "parse error"}`);
    }
    let imported;
    try {
      imported = importDefinition(parsed);
    } catch (error) {
      throw new AppError("INVALID_INPUT", error instanceof Error ? error.message : "Not a state machine definition.");
    }
    const problems = checkDraft(imported.draft, input.name);
    if (problems.length > 0) throw new AppError("INVALID_INPUT", `The definition does not validate: ${problems[0]?.message}`);
    const pipeline = await tx.pipeline.create({
      data: { name: input.name, description: imported.draft.kind === "spec" ? imported.draft.spec.description : "", ownerId: actor.id, draftSpec: asJson(imported.draft) },
      select: { id: true, name: true },
    });
    return {
      result: { ...pipeline, kind: imported.draft.kind, notes: imported.notes },
      audit: { targetType: "pipeline", targetId: pipeline.id, summary: `Imported pipeline ${pipeline.name} (${imported.draft.kind === "spec" ? "editable steps" : "raw definition"})` },
    };
  },
});

async function findPipeline(tx: Tx, id: string) {
  const pipeline = await tx.pipeline.findUnique({ where: { id }, select: { id: true, name: true, draftSpec: true } });
  if (!pipeline) throw new AppError("NOT_FOUND", "That pipeline does not exist.");
  return pipeline;
}

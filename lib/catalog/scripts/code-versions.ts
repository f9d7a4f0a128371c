import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { s3Uri } from "@/lib/storage/objects";
import { idField } from "@/lib/validation/fields";
import { catalogStorage } from "@/lib/catalog/storage";
import { modelTarget } from "@/lib/commands/object-access";
import { ReadinessWarnings } from "./readiness";
import { sanitizeFileName, SCRIPT_LIMITS } from "./file-names";
import { guessStage, SCRIPT_STAGES, type ScriptStageValue } from "./stages";
import type { Actor } from "@/lib/auth/permissions";

// Names reach this command already sanitised; a name that sanitising would change is refused, not rewritten.
const codeFileName = z.string({ error: "A file name must be text" }).refine((name) => {
  const clean = sanitizeFileName(name);
  return clean.ok && clean.name === name;
}, "File names must be plain relative paths (no .., hidden or absolute paths)");

export const CodeFile = z.object({
  name: codeFileName,
  sha256: z.string().regex(/^[a-f0-9]{64}$/, "sha256 must be 64 hex digits"),
  sizeBytes: z.number().int().min(0).max(SCRIPT_LIMITS.maxFileBytes),
});
export type CodeFile = z.infer<typeof CodeFile>;
export const CodeFiles = z.array(CodeFile);

/** Object keys. Uploaded bytes are staged by content; each code version's prefix is then filled from there. */
export const codePrefix = (slug: string, version: number) => `ferry/code/${slug}/${version}/`;
export const stagedKey = (slug: string, sha: string) => `ferry/code/${slug}/.objects/${sha}`;

export const RecordCodeVersionInput = z.object({
  modelId: idField("Model"),
  files: z.array(CodeFile.extend({ readiness: ReadinessWarnings })).min(1).max(50),
});

/** Changing a model's code is for whoever may edit it (lib/auth/object-rules.ts). */
export async function codeChange(tx: Tx, modelId: string) {
  return { action: "model:upload-code" as const, target: await modelTarget(tx, modelId) };
}

/** The files of a model's latest code version (empty before the first upload). */
export async function latestCodeVersion(tx: Tx, modelId: string) {
  const latest = await tx.codeVersion.findFirst({ where: { modelId }, orderBy: { version: "desc" }, select: { version: true, files: true, s3Uri: true } });
  return { version: latest?.version ?? 0, files: latest ? CodeFiles.parse(latest.files) : [], s3Uri: latest?.s3Uri ?? null };
}

/** Where an imported code version came from (lib/catalog/git); uploads have none. */
export type GitOrigin = { url: string; ref: string; commit: string };

export type NextCodeVersion = {
  modelId: string;
  files: z.output<typeof RecordCodeVersionInput>["files"];
  /** true: the files are the whole new set (an import from Git); false: they replace or join the previous set (an upload). */
  replace: boolean;
  git: GitOrigin | null;
};

/**
 * Writes the next code version of a model. Versions are numbered under a lock on the model, so two writers never
 * share a prefix; a file whose bytes did not change keeps its script version; files a replacing set leaves out
 * stop playing a stage. The one implementation behind uploads and imports from Git.
 */
export async function writeNextCodeVersion(tx: Tx, actor: Pick<Actor, "id">, next: NextCodeVersion) {
  const locked = await tx.$queryRaw<{ slug: string }[]>`SELECT slug FROM models WHERE id = ${next.modelId}::uuid FOR UPDATE`;
  const slug = locked[0]?.slug;
  if (!slug) throw new AppError("NOT_FOUND", "That model no longer exists.");
  const previous = await latestCodeVersion(tx, next.modelId);
  const before = new Map(previous.files.map((f) => [f.name, f]));
  const changed = next.files.filter((f) => before.get(f.name)?.sha256 !== f.sha256);
  const kept = new Set(next.files.map((f) => f.name));
  const removed = next.replace ? previous.files.filter((f) => !kept.has(f.name)).map((f) => f.name) : [];
  if (changed.length === 0 && removed.length === 0) throw new AppError("CONFLICT", `Nothing changed: these files are already in code version ${previous.version}.`);
  const version = previous.version + 1;
  const storage = await catalogStorage(tx);
  const prefix = codePrefix(slug, version);
  const current = next.replace ? new Map<string, CodeFile>() : before;
  for (const file of next.replace ? next.files : changed) current.set(file.name, { name: file.name, sha256: file.sha256, sizeBytes: file.sizeBytes });
  const files = [...current.values()].sort((a, b) => a.name.localeCompare(b.name));
  const codeVersion = await tx.codeVersion.create({
    data: {
      modelId: next.modelId,
      version,
      s3Uri: s3Uri({ bucket: storage.bucket, key: prefix }),
      files: asJson(files),
      createdById: actor.id,
      gitUrl: next.git?.url ?? null,
      gitRef: next.git?.ref ?? null,
      gitCommit: next.git?.commit ?? null,
    },
    select: { id: true, version: true, s3Uri: true },
  });
  if (removed.length > 0) await tx.script.updateMany({ where: { modelId: next.modelId, name: { in: removed } }, data: { stage: "SUPPORT" } });
  const taken = new Set((await tx.script.findMany({ where: { modelId: next.modelId, stage: { not: "SUPPORT" } }, select: { stage: true } })).map((s) => s.stage));
  const uploaded = [];
  for (const file of changed) {
    const guess = guessStage(file.name);
    const stage = guess !== "SUPPORT" && !taken.has(guess) ? guess : "SUPPORT";
    const script = await tx.script.upsert({
      where: { modelId_name: { modelId: next.modelId, name: file.name } },
      create: { modelId: next.modelId, name: file.name, stage },
      update: {},
      select: { id: true, stage: true },
    });
    taken.add(script.stage);
    const last = await tx.scriptVersion.aggregate({ where: { scriptId: script.id }, _max: { version: true } });
    const created = await tx.scriptVersion.create({
      data: {
        scriptId: script.id,
        version: (last._max.version ?? 0) + 1,
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
        s3Uri: s3Uri({ bucket: storage.bucket, key: `${prefix}${file.name}` }),
        readiness: asJson(file.readiness),
        uploadedById: actor.id,
        codeVersion: version,
      },
      select: { id: true, version: true },
    });
    uploaded.push({ scriptId: script.id, name: file.name, version: created.version, readiness: file.readiness });
  }
  return { modelId: next.modelId, slug, codeVersion: codeVersion.version, s3Uri: codeVersion.s3Uri, files, uploaded, changed, removed };
}

/** Records the next code version of a model from uploaded files: the previous version's files with these replacing or joining them. */
export const recordCodeVersion = defineCommand({
  name: "scripts.upload",
  permission: "catalog:write",
  input: RecordCodeVersionInput,
  object: ({ tx, input }) => codeChange(tx, input.modelId),
  run: async ({ tx, input, actor }) => {
    const { changed, ...written } = await writeNextCodeVersion(tx, actor, { modelId: input.modelId, files: input.files, replace: false, git: null });
    return {
      result: { modelId: written.modelId, slug: written.slug, codeVersion: written.codeVersion, s3Uri: written.s3Uri, files: written.files, uploaded: written.uploaded },
      audit: {
        targetType: "model",
        targetId: input.modelId,
        summary: `Uploaded ${changed.length} file${changed.length === 1 ? "" : "s"} as code version ${written.codeVersion} of ${written.slug}`,
        details: { codeVersion: written.codeVersion, files: changed.map((f) => ({ name: f.name, sha256: f.sha256 })) },
      },
    };
  },
});

export const RemoveScriptsInput = z.object({
  modelId: idField("Model"),
  names: z.array(codeFileName, { error: "Names must be a list" }).min(1, "Name at least one file").max(SCRIPT_LIMITS.maxFiles),
});

/**
 * A new code version without some files (a wrong upload, a script no longer used). Earlier versions keep them:
 * versions are immutable, and runs that used them still name their prefix.
 */
export const removeScripts = defineCommand({
  name: "scripts.remove",
  permission: "catalog:write",
  input: RemoveScriptsInput,
  object: ({ tx, input }) => codeChange(tx, input.modelId),
  run: async ({ tx, input, actor }) => {
    const locked = await tx.$queryRaw<{ slug: string }[]>`SELECT slug FROM models WHERE id = ${input.modelId}::uuid FOR UPDATE`;
    const slug = locked[0]?.slug;
    if (!slug) throw new AppError("NOT_FOUND", "That model no longer exists.");
    const previous = await latestCodeVersion(tx, input.modelId);
    const present = new Set(previous.files.map((f) => f.name));
    const unknown = input.names.filter((name) => !present.has(name));
    if (unknown.length > 0) throw new AppError("INVALID_INPUT", `Not in the current code: ${unknown.join(", ")}.`, { names: unknown.map((n) => `${n} is not in the current code`) });
    const removed = new Set(input.names);
    const files = previous.files.filter((f) => !removed.has(f.name));
    if (files.length === 0) throw new AppError("INVALID_INPUT", "A code version needs at least one file; upload the replacement first.", { names: ["Would remove every file"] });
    const storage = await catalogStorage(tx);
    const version = previous.version + 1;
    const codeVersion = await tx.codeVersion.create({
      data: { modelId: input.modelId, version, s3Uri: s3Uri({ bucket: storage.bucket, key: codePrefix(slug, version) }), files: asJson(files), createdById: actor.id },
      select: { version: true, s3Uri: true },
    });
    // A removed script no longer plays a stage.
    await tx.script.updateMany({ where: { modelId: input.modelId, name: { in: input.names } }, data: { stage: "SUPPORT" } });
    return {
      result: { modelId: input.modelId, slug, codeVersion: codeVersion.version, s3Uri: codeVersion.s3Uri, files },
      audit: { targetType: "model", targetId: input.modelId, summary: `Removed ${input.names.join(", ")} in code version ${version} of ${slug}`, details: { codeVersion: version, removed: input.names } },
    };
  },
});

/** One script per run stage: choosing a new preprocess script makes the old one a support file. */
export async function assignStage(tx: Tx, script: { id: string; modelId: string }, stage: ScriptStageValue) {
  if (stage !== "SUPPORT") {
    await tx.script.updateMany({ where: { modelId: script.modelId, stage, id: { not: script.id } }, data: { stage: "SUPPORT" } });
  }
  await tx.script.update({ where: { id: script.id }, data: { stage } });
}

/** Sets a script's stage (see assignStage). */
export const setScriptStage = defineCommand({
  name: "scripts.set_stage",
  permission: "catalog:write",
  input: z.object({ scriptId: idField("Script"), stage: z.enum(SCRIPT_STAGES, { error: "Stage must be preprocess, inference, postprocess or support" }) }),
  object: async ({ tx, input }) => {
    const script = await tx.script.findUnique({ where: { id: input.scriptId }, select: { modelId: true } });
    if (!script) throw new AppError("NOT_FOUND", "That script no longer exists.");
    return codeChange(tx, script.modelId);
  },
  run: async ({ tx, input }) => {
    const script = await tx.script.findUnique({ where: { id: input.scriptId }, select: { id: true, name: true, modelId: true, model: { select: { slug: true } } } });
    if (!script) throw new AppError("NOT_FOUND", "That script no longer exists.");
    await assignStage(tx, script, input.stage);
    return {
      result: { id: script.id },
      audit: { targetType: "model", targetId: script.modelId, summary: `${script.name} is now the ${input.stage.toLowerCase()} script of ${script.model.slug}` },
    };
  },
});

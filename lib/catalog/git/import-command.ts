import { randomBytes } from "node:crypto";
import { z } from "zod";
import { defineCommand, type Tx } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { asJson } from "@/lib/db/json";
import { idField } from "@/lib/validation/fields";
import { secretStore } from "@/lib/secrets/store";
import { assignStage, codeChange, latestCodeVersion, RecordCodeVersionInput, writeNextCodeVersion } from "@/lib/catalog/scripts/code-versions";
import type { ScriptStageValue } from "@/lib/catalog/scripts/stages";
import { DEFAULT_GIT_USERNAME } from "./access";
import { GitSource, GitToken, type StageMapping } from "./source";

export const CommitSha = z.string().regex(/^[0-9a-f]{40}$/, "A commit is 40 hex digits");

export const RecordGitImportInput = z.object({
  modelId: idField("Model"),
  source: GitSource,
  /** A new token replaces the stored one. */
  credentials: GitToken.optional(),
  commit: CommitSha,
  files: RecordCodeVersionInput.shape.files,
});

const STAGE_OF: Record<keyof Omit<StageMapping, "requirements">, ScriptStageValue> = { preprocess: "PREPROCESS", inference: "INFERENCE", postprocess: "POSTPROCESS" };

async function applyStages(tx: Tx, modelId: string, stages: StageMapping) {
  for (const [key, stage] of Object.entries(STAGE_OF) as [keyof typeof STAGE_OF, ScriptStageValue][]) {
    const name = stages[key];
    if (!name) continue;
    const script = await tx.script.findUnique({ where: { modelId_name: { modelId, name } }, select: { id: true, modelId: true } });
    if (!script) throw new AppError("INVALID_INPUT", `${name} is not in the imported files.`, { [`stages.${key}`]: [`${name} is not in the imported files`] });
    await assignStage(tx, script, stage);
  }
}

/** Creates or updates the model's repository row; a new one gets its webhook secret, returned this once. */
async function saveRepository(tx: Tx, actorId: string, input: z.output<typeof RecordGitImportInput>) {
  const store = secretStore();
  const existing = await tx.gitRepository.findUnique({ where: { modelId: input.modelId }, select: { id: true, url: true, tokenSecret: true } });
  let tokenSecret = existing?.tokenSecret ?? null;
  // A token belongs to the origin it was given for: a URL moved elsewhere loses it.
  const moved = existing !== null && new URL(existing.url).origin !== new URL(input.source.url).origin;
  if (tokenSecret && (input.credentials || moved)) {
    await store.remove(tx, tokenSecret);
    tokenSecret = null;
  }
  if (input.credentials) tokenSecret = await store.put(tx, input.credentials.token, "git-token");
  const fields = { url: input.source.url, ref: input.source.ref, subfolder: input.source.subfolder, stages: asJson(input.source.stages), tokenSecret, pinnedCommit: input.commit };
  const username = input.credentials ? (input.credentials.username || DEFAULT_GIT_USERNAME) : undefined;
  if (existing) {
    await tx.gitRepository.update({ where: { id: existing.id }, data: { ...fields, ...(username !== undefined ? { username } : {}), proposedCommit: null, proposedAt: null } });
    return { id: existing.id, webhookSecret: null };
  }
  const webhookSecret = randomBytes(32).toString("base64url");
  const created = await tx.gitRepository.create({
    data: { ...fields, modelId: input.modelId, username: username ?? null, webhookSecret: await store.put(tx, webhookSecret, "git-webhook"), createdById: actorId },
    select: { id: true },
  });
  return { id: created.id, webhookSecret };
}

const sameSet = (a: { name: string; sha256: string }[], b: { name: string; sha256: string }[]) =>
  a.length === b.length && a.every((f) => b.some((g) => g.name === f.name && g.sha256 === f.sha256));

/**
 * Records an import from Git: the repository (connected or updated), the commit's files as the model's next code
 * version (the whole set: files gone from the repository leave the code too), the stage mapping, the pin. Bytes
 * were staged by content beforehand (./import.ts), as for uploads. The token never reaches the audit trail.
 */
export const recordGitImport = defineCommand({
  name: "git.import",
  permission: "catalog:write",
  input: RecordGitImportInput,
  object: ({ tx, input }) => codeChange(tx, input.modelId),
  run: async ({ tx, input, actor }) => {
    const repository = await saveRepository(tx, actor.id, input);
    const previous = await latestCodeVersion(tx, input.modelId);
    const origin = { url: input.source.url, ref: input.source.ref, commit: input.commit };
    const written = sameSet(previous.files, input.files) ? null : await writeNextCodeVersion(tx, actor, { modelId: input.modelId, files: input.files, replace: true, git: origin });
    await applyStages(tx, input.modelId, input.source.stages);
    const short = input.commit.slice(0, 12);
    const where = `${input.source.url}${input.source.subfolder ? `/${input.source.subfolder}` : ""} at ${input.source.ref} (${short})`;
    return {
      result: {
        repositoryId: repository.id,
        webhookSecret: repository.webhookSecret,
        commit: input.commit,
        codeVersion: written?.codeVersion ?? previous.version,
        unchanged: written === null,
        slug: written?.slug ?? null,
        files: written?.files ?? previous.files,
        uploaded: written?.uploaded ?? [],
      },
      audit: {
        targetType: "model",
        targetId: input.modelId,
        summary: written ? `Imported ${where} as code version ${written.codeVersion} of ${written.slug}` : `Pinned ${where}: the files equal code version ${previous.version}`,
        details: asJson({
          ...origin,
          subfolder: input.source.subfolder,
          stages: input.source.stages,
          codeVersion: written?.codeVersion ?? previous.version,
          changed: written?.changed.map((f) => ({ name: f.name, sha256: f.sha256 })) ?? [],
          removed: written?.removed ?? [],
          token: input.credentials ? "replaced" : "unchanged",
        }),
      },
    };
  },
});

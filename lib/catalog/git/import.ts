import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { requireAllowed } from "@/lib/commands/object-access";
import { admit, executeCommand } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { idField } from "@/lib/validation/fields";
import { catalogStorage } from "@/lib/catalog/storage";
import { acceptBytes, type AcceptedFile } from "@/lib/catalog/uploads";
import { codeChange } from "@/lib/catalog/scripts/code-versions";
import { isRequirements } from "@/lib/catalog/scripts/file-names";
import { fillCodePrefix, stageCodeFiles } from "@/lib/catalog/scripts/upload";
import { addressCheckOf, DEFAULT_GIT_USERNAME, storedCredentials } from "./access";
import { CommitSha, recordGitImport } from "./import-command";
import { connectedRepository } from "./queries";
import { fetchSnapshot } from "./snapshot";
import { GitSource, GitToken, type StageMapping } from "./source";

export const ImportFromGitInput = z.object({
  modelId: idField("Model"),
  /** Where to import from; absent: the model's connected repository as it is (a re-import, "check for changes"). */
  source: GitSource.optional(),
  credentials: GitToken.optional(),
  /** The commit the user saw in "check for changes": a ref that moved since is not imported blind. */
  expectedCommit: CommitSha.optional(),
});

const decoder = new TextDecoder();

/** Every mapped file must be among the accepted ones; the requirements file must be a requirements*.txt. */
function checkMapping(stages: StageMapping, files: AcceptedFile[]) {
  const names = new Set(files.map((f) => f.name));
  const errors: Record<string, string[]> = {};
  for (const [key, name] of Object.entries(stages)) {
    if (name && !names.has(name)) errors[`source.stages.${key}`] = [`${name} is not among the imported files`];
  }
  if (stages.requirements && !isRequirements(stages.requirements)) errors["source.stages.requirements"] = ["The requirements file must be named requirements*.txt"];
  const [first] = Object.values(errors);
  if (first) throw new AppError("INVALID_INPUT", `Nothing was imported. ${first[0]}.`, errors);
}

function requirementsOf(stages: StageMapping, files: AcceptedFile[]): string | null {
  const file = files.find((f) => f.name === stages.requirements) ?? files.find((f) => f.name === "requirements.txt") ?? files.find((f) => isRequirements(f.name));
  return file ? decoder.decode(file.bytes) : null;
}

/**
 * Import from Git → a code version: the caller is checked against the model's object rule before anything is
 * fetched; the commit is fetched under the address rule and caps; its files pass the uploads' rules, readiness
 * check and staging; the command records version, repository and pin; then the version's prefix is filled.
 * A pure function of (db, actor, input), so it can run as a background job as it is.
 */
export async function importFromGit(db: PrismaClient, actor: Actor | null, raw: z.input<typeof ImportFromGitInput>) {
  const admitted = admit(actor, "catalog:write", ImportFromGitInput, raw, "git.import");
  const { input } = admitted;
  await requireAllowed(db, admitted.actor, await codeChange(db, input.modelId));
  const model = await db.model.findUnique({ where: { id: input.modelId }, select: { slug: true } });
  if (!model) throw new AppError("NOT_FOUND", "That model no longer exists.");
  const connected = await connectedRepository(db, input.modelId);
  const source = input.source ?? connected?.source;
  if (!source) throw new AppError("INVALID_INPUT", "Connect a repository first: give its URL and a branch, tag or commit.");
  const credentials = input.credentials
    ? { username: input.credentials.username || DEFAULT_GIT_USERNAME, token: input.credentials.token }
    : await storedCredentials(db, connected?.secrets ?? null, source.url);
  const snapshot = await fetchSnapshot(source, credentials, await addressCheckOf(db));
  if (input.expectedCommit && input.expectedCommit !== snapshot.commit) {
    throw new AppError("CONFLICT", `${source.ref} moved to ${snapshot.commit.slice(0, 12)} since you checked; check for changes again to see what you would import.`);
  }
  const files = acceptBytes(snapshot.files);
  checkMapping(source.stages, files);
  const storage = await catalogStorage(db);
  const staged = await stageCodeFiles(storage, model.slug, files, { requirements: requirementsOf(source.stages, files), names: files.map((f) => f.name) });
  const recorded = await executeCommand(db, recordGitImport, admitted.actor, { modelId: input.modelId, source, credentials: input.credentials, commit: snapshot.commit, files: staged });
  if (!recorded.unchanged) await fillCodePrefix(storage, model.slug, recorded.codeVersion, recorded.files);
  return { ...recorded, slug: model.slug, skipped: snapshot.skipped };
}

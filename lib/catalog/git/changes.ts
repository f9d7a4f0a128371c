import "server-only";
import { z } from "zod";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { requireAllowed } from "@/lib/commands/object-access";
import { admit } from "@/lib/commands/command";
import { AppError } from "@/lib/commands/errors";
import { lineDiff, type DiffLine } from "@/lib/diff/lines";
import { getObjectBytes, parseS3Uri } from "@/lib/storage/objects";
import { idField } from "@/lib/validation/fields";
import { catalogStorage } from "@/lib/catalog/storage";
import { acceptBytes } from "@/lib/catalog/uploads";
import { codeChange, CodeFiles } from "@/lib/catalog/scripts/code-versions";
import { addressCheckOf, storedCredentials } from "./access";
import { connectedRepository } from "./queries";
import { fetchSnapshot } from "./snapshot";

export const CheckForChangesInput = z.object({ modelId: idField("Model") });

export type FileChange = { name: string; status: "added" | "removed" | "changed"; diff: DiffLine[] | null };

const decoder = new TextDecoder("utf-8", { fatal: false });
const asText = (bytes: Uint8Array | undefined) => (bytes && !bytes.includes(0) ? decoder.decode(bytes) : null);

/** The files of the code version imported from the pinned commit, read back from its prefix. */
async function pinnedFiles(db: PrismaClient, modelId: string, commit: string | null): Promise<Map<string, { sha256: string; bytes: Uint8Array }>> {
  const version = commit ? await db.codeVersion.findFirst({ where: { modelId, gitCommit: commit }, orderBy: { version: "desc" }, select: { s3Uri: true, files: true } }) : null;
  if (!version) return new Map();
  const storage = await catalogStorage(db);
  const prefix = parseS3Uri(version.s3Uri);
  const files = CodeFiles.parse(version.files);
  const read = await Promise.all(files.map(async (f) => [f.name, { sha256: f.sha256, bytes: await getObjectBytes(storage.s3, { bucket: prefix.bucket, key: `${prefix.key}${f.name}` }) }] as const));
  return new Map(read);
}

/**
 * "Check for changes": fetches the head of the connected ref and compares it, file by file, with what was imported
 * from the pinned commit. Changes nothing; importing the head is importFromGit with `expectedCommit`.
 */
export async function checkForChanges(db: PrismaClient, actor: Actor | null, raw: z.input<typeof CheckForChangesInput>) {
  const admitted = admit(actor, "catalog:write", CheckForChangesInput, raw, "git.check");
  const { modelId } = admitted.input;
  // The fetch uses the repository's stored token: only those who may import may make Ferry use it.
  await requireAllowed(db, admitted.actor, await codeChange(db, modelId));
  const connected = await connectedRepository(db, modelId);
  if (!connected) throw new AppError("NOT_FOUND", "This model has no connected repository.");
  const snapshot = await fetchSnapshot(connected.source, await storedCredentials(db, connected.secrets, connected.source.url), await addressCheckOf(db));
  const head = new Map(acceptBytes(snapshot.files).map((f) => [f.name, f]));
  const pinned = await pinnedFiles(db, modelId, connected.pinnedCommit);
  const changes: FileChange[] = [];
  for (const name of [...new Set([...pinned.keys(), ...head.keys()])].sort()) {
    const before = pinned.get(name);
    const after = head.get(name);
    if (before?.sha256 === after?.sha256) continue;
    const status = !before ? "added" : !after ? "removed" : "changed";
    const [a, b] = [asText(before?.bytes) ?? (before ? null : ""), asText(after?.bytes) ?? (after ? null : "")];
    changes.push({ name, status, diff: a !== null && b !== null ? lineDiff(a, b) : null });
  }
  return { pinnedCommit: connected.pinnedCommit, headCommit: snapshot.commit, ref: connected.source.ref, upToDate: changes.length === 0, changes, skipped: snapshot.skipped };
}

import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Tx } from "@/lib/commands/command";
import { GitSource } from "./source";

/** The model's repository: its source as an import takes it, and the references its secrets live under (server only). */
export async function connectedRepository(db: PrismaClient | Tx, modelId: string) {
  const row = await db.gitRepository.findUnique({
    where: { modelId },
    select: { id: true, url: true, ref: true, subfolder: true, stages: true, username: true, tokenSecret: true, pinnedCommit: true },
  });
  if (!row) return null;
  const source = GitSource.parse({ url: row.url, ref: row.ref, subfolder: row.subfolder, stages: row.stages });
  return { id: row.id, source, pinnedCommit: row.pinnedCommit, secrets: { url: row.url, username: row.username, tokenSecret: row.tokenSecret } };
}

/** What the model page shows of its repository: never a secret, only whether a token is stored. */
export async function repositoryView(db: PrismaClient, modelId: string) {
  const row = await db.gitRepository.findUnique({
    where: { modelId },
    select: { id: true, url: true, ref: true, subfolder: true, stages: true, username: true, tokenSecret: true, pinnedCommit: true, proposedCommit: true, proposedAt: true, updatedAt: true },
  });
  if (!row) return null;
  const { tokenSecret, stages, ...rest } = row;
  return { ...rest, stages: GitSource.shape.stages.parse(stages), hasToken: tokenSecret !== null, webhookPath: `/api/webhooks/git/${row.id}` };
}

export type RepositoryView = NonNullable<Awaited<ReturnType<typeof repositoryView>>>;

/** The admin page's list of hosts Git fetches may reach at loopback or private addresses. */
export function listAllowedHosts(db: PrismaClient) {
  return db.gitAllowedHost.findMany({ orderBy: { host: "asc" }, select: { host: true, createdAt: true, createdBy: { select: { name: true } } } });
}

import type { PrismaClient } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/commands/errors";
import { importFromGit } from "./import";
import { GitSource } from "./source";

/**
 * The bulk lift's `git` column: `<repository URL>#<ref>[:<sub-folder>]`, e.g.
 * `https://github.com/team/legacy.git#main:models/churn`. A ref never contains ":" (git check-ref-format), so the
 * first one after "#" ends it. Stages are recognised from file names, as for uploads.
 */
export const GIT_COLUMN = "git";

export function parseGitCell(cell: unknown): { source: GitSource } | { error: string } {
  const text = typeof cell === "string" ? cell.trim() : "";
  const hash = text.lastIndexOf("#");
  if (hash <= 0) return { error: "write the repository as <URL>#<branch, tag or commit>[:<sub-folder>]" };
  const rest = text.slice(hash + 1);
  const colon = rest.indexOf(":");
  const parsed = GitSource.safeParse({ url: text.slice(0, hash), ref: colon < 0 ? rest : rest.slice(0, colon), subfolder: colon < 0 ? "" : rest.slice(colon + 1) });
  return parsed.success ? { source: parsed.data } : { error: parsed.error.issues[0]?.message ?? "not a repository" };
}

export type GitRowOutcome = { slug: string; commit: string | null; codeVersion: number | null; error: string | null };

/**
 * After the bulk transaction has written the models, each row with a `git` cell is imported like the model page's
 * "Import from Git" (same checks, one model at a time). A row that fails keeps its model and reports why; running
 * the same manifest again retries it, and a commit already imported changes nothing.
 */
export async function importGitColumns(db: PrismaClient, actor: Actor, rows: { slug: string; source: GitSource }[]): Promise<GitRowOutcome[]> {
  const outcomes: GitRowOutcome[] = [];
  for (const row of rows) {
    const model = await db.model.findUnique({ where: { slug: row.slug }, select: { id: true } });
    try {
      if (!model) throw new AppError("NOT_FOUND", "the model was not written");
      const imported = await importFromGit(db, actor, { modelId: model.id, source: row.source });
      outcomes.push({ slug: row.slug, commit: imported.commit, codeVersion: imported.codeVersion, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ slug: row.slug, commit: null, codeVersion: null, error: error.userMessage });
    }
  }
  return outcomes;
}

import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { CodeFiles } from "@/lib/catalog/scripts/code-versions";
import { ReadinessWarnings } from "@/lib/catalog/scripts/readiness";
import { missingForRun } from "./missing";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { canEditModel, canTransferModel, type ModelTarget } from "@/lib/auth/object-rules";
import { objectActorOf } from "@/lib/commands/object-access";

const IMAGE = { select: { id: true, uri: true, kind: true, status: true, localRuntime: true } } as const;

/** Everything the model page shows: fields, images, scripts with their latest version, code versions, history. */
export async function findModel(db: PrismaClient, slug: string) {
  const model = await db.model.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      displayName: true,
      team: true,
      tags: true,
      description: true,
      status: true,
      inputUri: true,
      outputUri: true,
      instanceType: true,
      volumeSizeGb: true,
      maxRuntimeSeconds: true,
      createdAt: true,
      updatedAt: true,
      owner: { select: { id: true, name: true, email: true } },
      image: IMAGE,
      scriptImage: IMAGE,
      scripts: {
        orderBy: { name: "asc" },
        select: {
          id: true,
          name: true,
          stage: true,
          versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, sha256: true, sizeBytes: true, readiness: true, createdAt: true, codeVersion: true } },
        },
      },
      codeVersions: {
        orderBy: { version: "desc" },
        take: 20,
        select: { id: true, version: true, s3Uri: true, files: true, createdAt: true, createdBy: { select: { name: true } }, gitUrl: true, gitRef: true, gitCommit: true },
      },
    },
  });
  if (!model) return null;
  const history = await db.auditEvent.findMany({
    where: { targetType: "model", targetId: model.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, actorEmail: true, summary: true, createdAt: true },
  });
  const codeVersions = model.codeVersions.map((cv) => ({ ...cv, files: CodeFiles.catch([]).parse(cv.files) }));
  // Scripts removed from the current code version stay in the catalog (their versions are immutable) but not here.
  const current = codeVersions[0] ? new Set(codeVersions[0].files.map((f) => f.name)) : null;
  const scripts = model.scripts
    .filter((script) => !current || current.has(script.name))
    .map(({ versions, ...script }) => {
      const latest = versions[0];
      return { ...script, latest: latest ? { ...latest, readiness: ReadinessWarnings.catch([]).parse(latest.readiness) } : null };
    });
  const facts = (image: typeof model.image) => (image ? { uri: image.uri, kind: image.kind, status: image.status, hasLocalRuntime: image.localRuntime !== null } : null);
  const missing = missingForRun({
    image: facts(model.image),
    scriptImage: facts(model.scriptImage),
    stages: scripts.map((s) => s.stage),
    inputUri: model.inputUri,
    outputUri: model.outputUri,
    codeVersion: codeVersions[0]?.version ?? 0,
  });
  return { ...model, scripts, codeVersions, history: history.map((h) => ({ ...h, id: h.id.toString() })), missing };
}

export type ModelDetail = NonNullable<Awaited<ReturnType<typeof findModel>>>;

/** Choices for the list's filters and the model form. Teams come from the models themselves. */
export async function modelFormOptions(db: PrismaClient) {
  const [teams, owners, images] = await Promise.all([
    // GROUP BY in SQL (Prisma's `distinct` may de-duplicate in memory, after reading every model).
    db.model.groupBy({ by: ["team"], orderBy: { team: "asc" }, take: 500 }),
    db.user.findMany({ where: { disabled: false }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" }, take: 500 }),
    db.image.findMany({ select: { id: true, uri: true, kind: true, status: true }, orderBy: { uri: "asc" }, take: 500 }),
  ]);
  return { teams: teams.map((t) => t.team), owners, images };
}

/** The upload picker: the recently changed models, and the one the URL names (null when no model has that slug). */
export async function uploadTargets(db: PrismaClient, slug: string | null) {
  const [recent, chosen] = await Promise.all([
    db.model.findMany({ select: { slug: true }, orderBy: { updatedAt: "desc" }, take: 50 }),
    slug ? db.model.findUnique({ where: { slug }, select: { id: true, slug: true } }) : null,
  ]);
  return { recent: recent.map((m) => m.slug), chosen };
}

/** What the viewer may do to this model (the commands check the same rules again on every call). */
export async function modelAccess(db: PrismaClient, actor: Actor, model: Pick<ModelDetail, "slug" | "team" | "owner">) {
  if (!can(actor, "catalog:write")) return { canEdit: false, canTransfer: false };
  const subject = await objectActorOf(db, actor);
  const target: ModelTarget = { kind: "model", label: `model ${model.slug}`, ownerId: model.owner.id, team: model.team };
  return { canEdit: canEditModel(subject, target), canTransfer: canTransferModel(subject, target) };
}

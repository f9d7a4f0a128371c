import type { Tx } from "@/lib/commands/command";
import { can, knownRoles } from "@/lib/auth/permissions";
import { canEditModel, refusalFor, type ModelTarget, type ObjectActor } from "@/lib/auth/object-rules";
import { CodeFiles, type CodeFile } from "@/lib/catalog/scripts/code-versions";
import { statusClaimProblem } from "@/lib/catalog/models/fields";
import type { BulkFileRef, BulkModel } from "./input";
import type { ModelColumn } from "./items";

export type BulkAction = "create" | "update" | "unchanged";

/** What importing one model will do (or did): the fields and files that change, or why it cannot. */
export type ModelPlan = { slug: string; action: BulkAction; changes: string[]; error: string | null };

/** The columns of a models row the import writes, merged from the current row and the fields the source gave. */
export type ModelRow = {
  id: string | null;
  slug: string;
  displayName: string;
  team: string;
  ownerId: string;
  tags: string[];
  description: string;
  status: string;
  inputUri: string | null;
  outputUri: string | null;
  instanceType: string;
  volumeSizeGb: number;
  maxRuntimeSeconds: number;
};

/** A model to write; `files` are the new or changed ones, joining `previous` (its newest code version) as the next version. */
export type PlannedWrite = { action: "create" | "update"; row: ModelRow; files: BulkFileRef[]; previous: PreviousCode };

const COMPARED = ["displayName", "team", "tags", "description", "status", "inputUri", "outputUri", "instanceType", "volumeSizeGb", "maxRuntimeSeconds"] as const satisfies readonly (ModelColumn & keyof ModelRow)[];

type PreviousCode = { version: number; files: CodeFile[] };

/** The newest code version of each of these models, in one query (as latestCodeVersion does for one). */
async function latestCode(db: Tx, slugs: string[]): Promise<Map<string, PreviousCode>> {
  if (slugs.length === 0) return new Map();
  const rows = await db.$queryRaw<{ slug: string; version: number; files: unknown }[]>`
    SELECT DISTINCT ON (c.model_id) m.slug, c.version, c.files
    FROM code_versions c JOIN models m ON m.id = c.model_id
    WHERE m.slug = ANY(${slugs}::text[])
    ORDER BY c.model_id, c.version DESC`;
  return new Map(rows.map((r) => [r.slug, { version: r.version, files: CodeFiles.parse(r.files) }]));
}

type Owner = { id: string; unfit: string | null };

/** The users named as owners, with why each cannot own a model (unknown ones are absent). */
async function ownersByEmail(db: Tx, models: BulkModel[]): Promise<Map<string, Owner>> {
  const emails = [...new Set(models.flatMap((m) => (m.columns.includes("ownerEmail") && m.fields.ownerEmail ? [m.fields.ownerEmail] : [])))];
  if (emails.length === 0) return new Map();
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, disabled: true, roles: { select: { role: true } } } });
  const unfit = (u: (typeof users)[number]) =>
    u.disabled ? `${u.email} is disabled` : can({ roles: knownRoles(u.roles.map((r) => r.role)) }, "catalog:write") ? null : `${u.email} has no catalog role`;
  return new Map(users.map((u) => [u.email, { id: u.id, unfit: unfit(u) }]));
}

/**
 * Why this row cannot be imported by the caller, if it cannot: an unknown or unfit owner for a new model, a
 * status only deployments reach; for an existing one, a model the caller may not edit, or an owner change
 * (ownership moves only by transfer).
 */
function rowProblem(caller: ObjectActor, current: { slug: string; ownerId: string; team: string; status: string } | undefined, given: { email: string | undefined; status: string | undefined }, owner: Owner | undefined): string | null {
  const { email } = given;
  if (email && !owner) return `ownerEmail: no Ferry user has the email ${email}`;
  // As in the model form: a manifest cannot make a model approved or live (issue 16), only a deployment can.
  const claim = statusClaimProblem(given.status, current?.status ?? null);
  if (claim) return `status: ${claim}`;
  if (!current) return owner?.unfit ? `ownerEmail: ${owner.unfit}` : null;
  const target: ModelTarget = { kind: "model", label: `model ${current.slug}`, ownerId: current.ownerId, team: current.team };
  if (!canEditModel(caller, target)) return refusalFor("model:edit", target);
  if (owner && owner.id !== current.ownerId) return "ownerEmail: the owner changes only through Transfer ownership on the model's page";
  return null;
}

/**
 * Compares each model with the catalog: new slugs are created, existing ones updated only in the fields the
 * source gave and that differ; a file whose sha256 equals its entry in the newest code version is unchanged. Pure reads, so the
 * preview and the import (inside its transaction) share it and cannot disagree.
 */
export async function planImport(db: Tx, models: BulkModel[], caller: ObjectActor) {
  const slugs = models.map((m) => m.fields.slug);
  const withFiles = models.filter((m) => m.files.length > 0).map((m) => m.fields.slug);
  const [existing, owners, code] = await Promise.all([
    db.model.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, displayName: true, team: true, ownerId: true, tags: true, description: true, status: true, inputUri: true, outputUri: true, instanceType: true, volumeSizeGb: true, maxRuntimeSeconds: true } }),
    ownersByEmail(db, models),
    latestCode(db, withFiles),
  ]);
  const bySlug = new Map(existing.map((m) => [m.slug, m]));
  const plans: ModelPlan[] = [];
  const writes: PlannedWrite[] = [];
  for (const model of models) {
    const { fields, columns } = model;
    const email = columns.includes("ownerEmail") ? fields.ownerEmail : undefined;
    const owner = email ? owners.get(email) : undefined;
    const current = bySlug.get(fields.slug);
    const error = rowProblem(caller, current, { email, status: columns.includes("status") ? fields.status : undefined }, owner);
    if (error) {
      plans.push({ slug: fields.slug, action: current ? "update" : "create", changes: [], error });
      continue;
    }
    const given = Object.fromEntries(COMPARED.filter((c) => columns.includes(c)).map((c) => [c, fields[c]]));
    const base: ModelRow = current ?? { ...fields, id: null, ownerId: caller.id };
    const row: ModelRow = { ...base, ...given, ownerId: owner?.id ?? base.ownerId };
    const changes = current ? COMPARED.filter((c) => JSON.stringify(current[c]) !== JSON.stringify(row[c])).map(String) : [];
    const previous = code.get(fields.slug) ?? { version: 0, files: [] };
    const shaOf = new Map(previous.files.map((f) => [f.name, f.sha256]));
    const changedFiles = model.files.filter((f) => shaOf.get(f.name) !== f.sha256);
    for (const file of changedFiles) changes.push(shaOf.has(file.name) ? `changed ${file.name}` : `added ${file.name}`);
    const action: BulkAction = !current ? "create" : changes.length > 0 ? "update" : "unchanged";
    plans.push({ slug: fields.slug, action, changes, error: null });
    if (action !== "unchanged") writes.push({ action, row, files: changedFiles, previous });
  }
  return { plans, writes };
}

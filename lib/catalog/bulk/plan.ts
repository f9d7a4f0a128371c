import type { Tx } from "@/lib/commands/command";
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

export type PlannedWrite = { action: "create" | "update"; row: ModelRow; files: BulkFileRef[] };

const COMPARED = ["displayName", "team", "tags", "description", "status", "inputUri", "outputUri", "instanceType", "volumeSizeGb", "maxRuntimeSeconds"] as const satisfies readonly (ModelColumn & keyof ModelRow)[];

type Latest = { slug: string; name: string; sha256: string };

async function latestFiles(db: Tx, slugs: string[]): Promise<Map<string, string>> {
  if (slugs.length === 0) return new Map();
  // The newest version of each script of these models, in one query.
  const rows = await db.$queryRaw<Latest[]>`
    SELECT DISTINCT ON (s.id) m.slug, s.name, v.sha256
    FROM models m JOIN scripts s ON s.model_id = m.id JOIN script_versions v ON v.script_id = s.id
    WHERE m.slug = ANY(${slugs}::text[])
    ORDER BY s.id, v.version DESC`;
  return new Map(rows.map((r) => [`${r.slug}/${r.name}`, r.sha256]));
}

async function ownersByEmail(db: Tx, models: BulkModel[]): Promise<Map<string, string>> {
  const emails = [...new Set(models.flatMap((m) => (m.columns.includes("ownerEmail") && m.fields.ownerEmail ? [m.fields.ownerEmail] : [])))];
  if (emails.length === 0) return new Map();
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  return new Map(users.map((u) => [u.email, u.id]));
}

/**
 * Compares each model with the catalog: new slugs are created, existing ones updated only in the fields the
 * source gave and that differ; a file whose sha256 equals the newest version's is unchanged. Pure reads, so the
 * preview and the import (inside its transaction) share it and cannot disagree.
 */
export async function planImport(db: Tx, models: BulkModel[], callerId: string) {
  const slugs = models.map((m) => m.fields.slug);
  const [existing, owners, files] = await Promise.all([
    db.model.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, displayName: true, team: true, ownerId: true, tags: true, description: true, status: true, inputUri: true, outputUri: true, instanceType: true, volumeSizeGb: true, maxRuntimeSeconds: true } }),
    ownersByEmail(db, models),
    latestFiles(db, slugs),
  ]);
  const bySlug = new Map(existing.map((m) => [m.slug, m]));
  const plans: ModelPlan[] = [];
  const writes: PlannedWrite[] = [];
  for (const model of models) {
    const { fields, columns } = model;
    const email = columns.includes("ownerEmail") ? fields.ownerEmail : undefined;
    const ownerId = email ? owners.get(email) : undefined;
    if (email && !ownerId) {
      plans.push({ slug: fields.slug, action: "create", changes: [], error: `ownerEmail: no Ferry user has the email ${email}` });
      continue;
    }
    const current = bySlug.get(fields.slug);
    const given = Object.fromEntries(COMPARED.filter((c) => columns.includes(c)).map((c) => [c, fields[c]]));
    const base: ModelRow = current ?? { ...fields, id: null, ownerId: callerId };
    const row: ModelRow = { ...base, ...given, ownerId: ownerId ?? base.ownerId };
    const changes = current ? COMPARED.filter((c) => JSON.stringify(current[c]) !== JSON.stringify(row[c])).map(String) : [];
    if (current && current.ownerId !== row.ownerId) changes.push("owner");
    for (const file of model.files) {
      const sha = files.get(`${fields.slug}/${file.name}`);
      if (sha !== file.sha256) changes.push(sha ? `changed ${file.name}` : `added ${file.name}`);
    }
    const action: BulkAction = !current ? "create" : changes.length > 0 ? "update" : "unchanged";
    plans.push({ slug: fields.slug, action, changes, error: null });
    if (action !== "unchanged") writes.push({ action, row, files: model.files.filter((f) => files.get(`${fields.slug}/${f.name}`) !== f.sha256) });
  }
  return { plans, writes };
}

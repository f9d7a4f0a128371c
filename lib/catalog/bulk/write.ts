import type { Tx } from "@/lib/commands/command";
import { codePrefix } from "@/lib/catalog/scripts/code-versions";
import { guessStage } from "@/lib/catalog/scripts/stages";
import { catalogStorage } from "@/lib/catalog/storage";
import { s3Uri } from "@/lib/storage/objects";
import type { PlannedWrite } from "./plan";
import type { NewCodeVersion } from "./summary";

// One statement per kind of change, whatever the number of rows: the rows travel as one jsonb document and
// jsonb_to_recordset turns them back into a relation. 1,000 models take a handful of round trips, not 1,000.
const MODEL_COLUMNS_SQL = `slug text, "displayName" text, team text, "ownerId" uuid, tags jsonb, description text, status text,
  "inputUri" text, "outputUri" text, "instanceType" text, "volumeSizeGb" int, "maxRuntimeSeconds" int, id uuid`;

async function insertModels(tx: Tx, writes: PlannedWrite[]) {
  const rows = writes.filter((w) => w.action === "create").map((w) => w.row);
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO models (slug, display_name, team, owner_id, tags, description, status, input_uri, output_uri, instance_type, volume_size_gb, max_runtime_seconds)
     SELECT r.slug, r."displayName", r.team, r."ownerId", ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.description, r.status::"ModelStatus",
            r."inputUri", r."outputUri", r."instanceType", r."volumeSizeGb", r."maxRuntimeSeconds"
     FROM jsonb_to_recordset($1::jsonb) AS r(${MODEL_COLUMNS_SQL})`,
    JSON.stringify(rows),
  );
}

async function updateModels(tx: Tx, writes: PlannedWrite[]) {
  const rows = writes.filter((w) => w.action === "update").map((w) => w.row);
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE models m SET display_name = r."displayName", team = r.team, owner_id = r."ownerId", tags = ARRAY(SELECT jsonb_array_elements_text(r.tags)),
       description = r.description, status = r.status::"ModelStatus", input_uri = r."inputUri", output_uri = r."outputUri",
       instance_type = r."instanceType", volume_size_gb = r."volumeSizeGb", max_runtime_seconds = r."maxRuntimeSeconds", updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(${MODEL_COLUMNS_SQL})
     WHERE m.id = r.id`,
    JSON.stringify(rows),
  );
}


/** Stages for new scripts, as a single upload assigns them: the guessed run stage unless the model already has one. */
async function stagesFor(tx: Tx, writes: PlannedWrite[]): Promise<Map<string, string>> {
  const taken = await tx.$queryRaw<{ slug: string; stage: string }[]>`
    SELECT m.slug, s.stage::text FROM scripts s JOIN models m ON m.id = s.model_id
    WHERE m.slug = ANY(${writes.map((w) => w.row.slug)}::text[]) AND s.stage <> 'SUPPORT'`;
  const used = new Set(taken.map((t) => `${t.slug}/${t.stage}`));
  const stages = new Map<string, string>();
  for (const w of writes) {
    for (const file of w.files) {
      const guess = guessStage(file.name);
      const stage = guess !== "SUPPORT" && !used.has(`${w.row.slug}/${guess}`) ? guess : "SUPPORT";
      used.add(`${w.row.slug}/${stage}`);
      stages.set(`${w.row.slug}/${file.name}`, stage);
    }
  }
  return stages;
}

/**
 * The next code version of every model whose files changed (the previous version's files with the new ones
 * replacing or joining them), its scripts and their new script versions. Rows of the models were locked by the
 * command, so version numbers cannot collide with a concurrent upload.
 */
async function writeCode(tx: Tx, writes: PlannedWrite[], uploaderId: string): Promise<NewCodeVersion[]> {
  const changed = writes.filter((w) => w.files.length > 0);
  if (changed.length === 0) return [];
  const { bucket } = await catalogStorage(tx);
  const versions = changed.map((w) => {
    const files = new Map(w.previous.files.map((f) => [f.name, f]));
    for (const f of w.files) files.set(f.name, { name: f.name, sha256: f.sha256, sizeBytes: f.sizeBytes });
    return { slug: w.row.slug, version: w.previous.version + 1, files: [...files.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  });
  await tx.$executeRawUnsafe(
    `INSERT INTO code_versions (model_id, version, s3_uri, files, created_by_id)
     SELECT m.id, r.version, r."s3Uri", r.files, $2::uuid
     FROM jsonb_to_recordset($1::jsonb) AS r(slug text, version int, "s3Uri" text, files jsonb) JOIN models m ON m.slug = r.slug`,
    JSON.stringify(versions.map((v) => ({ ...v, s3Uri: s3Uri({ bucket, key: codePrefix(v.slug, v.version) }) }))),
    uploaderId,
  );
  const stages = await stagesFor(tx, changed);
  const files = changed.flatMap((w) =>
    w.files.map((f) => {
      const version = w.previous.version + 1;
      const key = `${codePrefix(w.row.slug, version)}${f.name}`;
      return { slug: w.row.slug, name: f.name, stage: stages.get(`${w.row.slug}/${f.name}`), sha256: f.sha256, sizeBytes: f.sizeBytes, readiness: f.readiness, version, s3Uri: s3Uri({ bucket, key }) };
    }),
  );
  const relation = `jsonb_to_recordset($1::jsonb) AS r(slug text, name text, stage text, sha256 text, "sizeBytes" int, readiness jsonb, version int, "s3Uri" text)`;
  await tx.$executeRawUnsafe(
    `INSERT INTO scripts (model_id, name, stage)
     SELECT m.id, r.name, r.stage::"ScriptStage" FROM ${relation} JOIN models m ON m.slug = r.slug
     ON CONFLICT (model_id, name) DO NOTHING`,
    JSON.stringify(files),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO script_versions (script_id, version, sha256, size_bytes, s3_uri, readiness, uploaded_by_id, code_version)
     SELECT s.id, COALESCE((SELECT max(v.version) FROM script_versions v WHERE v.script_id = s.id), 0) + 1,
            r.sha256, r."sizeBytes", r."s3Uri", r.readiness, $2::uuid, r.version
     FROM ${relation} JOIN models m ON m.slug = r.slug JOIN scripts s ON s.model_id = m.id AND s.name = r.name`,
    JSON.stringify(files),
    uploaderId,
  );
  return versions;
}

export async function writeImport(tx: Tx, writes: PlannedWrite[], uploaderId: string): Promise<NewCodeVersion[]> {
  await insertModels(tx, writes);
  await updateModels(tx, writes);
  return writeCode(tx, writes, uploaderId);
}

import type { Tx } from "@/lib/commands/command";
import type { PlannedWrite } from "./plan";

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

/** New scripts, and a new version for each file whose bytes differ from its newest version. */
async function writeFiles(tx: Tx, writes: PlannedWrite[], uploaderId: string) {
  const files = writes.flatMap((w) => w.files.map((f) => ({ slug: w.row.slug, ...f })));
  if (files.length === 0) return;
  const input = JSON.stringify(files);
  const relation = `jsonb_to_recordset($1::jsonb) AS r(slug text, name text, stage text, sha256 text, "sizeBytes" int, "s3Uri" text, readiness jsonb)`;
  // A script's stage is only set when it is created: people correct guessed stages on the model page, and a re-import must not undo that.
  await tx.$executeRawUnsafe(
    `INSERT INTO scripts (model_id, name, stage)
     SELECT m.id, r.name, r.stage::"ScriptStage" FROM ${relation} JOIN models m ON m.slug = r.slug
     ON CONFLICT (model_id, name) DO NOTHING`,
    input,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO script_versions (script_id, version, sha256, size_bytes, s3_uri, readiness, uploaded_by_id)
     SELECT s.id, COALESCE((SELECT max(v.version) FROM script_versions v WHERE v.script_id = s.id), 0) + 1, r.sha256, r."sizeBytes", r."s3Uri", r.readiness, $2::uuid
     FROM ${relation} JOIN models m ON m.slug = r.slug JOIN scripts s ON s.model_id = m.id AND s.name = r.name`,
    input,
    uploaderId,
  );
}

export async function writeImport(tx: Tx, writes: PlannedWrite[], uploaderId: string) {
  await insertModels(tx, writes);
  await updateModels(tx, writes);
  await writeFiles(tx, writes, uploaderId);
}

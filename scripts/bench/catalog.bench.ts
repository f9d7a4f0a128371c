/**
 * Catalog benchmark (`npx tsx scripts/bench/catalog.bench.ts`), on a private embedded PostgreSQL:
 * (a) with 10,000 models and 100,000 runs seeded, the /models query (`listModels`: search, filters, a deep
 *     keyset page) against the same query hand-written in SQL over the same driver; medians of interleaved
 *     runs, reported as a ratio (target ≤ 3×);
 * (b) bulk lift of a 1,000-row manifest through the real operation (parse, validate, plan, one transaction):
 *     create, re-import unchanged, update every row (target < 5 s).
 * Prints a summary and writes bench-results/catalog.json.
 */
import os from "node:os";
import pg from "pg";
import { createPrismaClient } from "../../lib/db/prisma";
import { listModels, ModelListFilters, type ModelListFiltersInput } from "../../lib/catalog/models/list";
import { importBulk } from "../../lib/catalog/bulk/job";
import type { Actor } from "../../lib/auth/permissions";
import { manifestCsv } from "../../tests/catalog/bulk-manifests";
import { benchDatabase, median, timed, writeResults } from "./support";

const MODELS = 10_000;
const RUNS_PER_MODEL = 10;
const ITERATIONS = 51;
const WARMUP = 5;
const IMPORT_ROWS = 1_000;
const PAGE = 50;
const DEEP_PAGE = 100;

/** Minimal rows for everything a run points at, then models and runs by generate_series (seconds, not minutes). */
async function seed(pool: pg.Pool): Promise<string> {
  await pool.query(`INSERT INTO users (name, email) SELECT 'Owner ' || i, 'owner' || i || '@bench.local' FROM generate_series(1, 20) i`);
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM users ORDER BY email LIMIT 1`);
  const actorId = rows[0]?.id ?? "";
  await pool.query(`INSERT INTO user_roles (user_id, role) VALUES ($1, 'DATA_SCIENTIST')`, [actorId]);
  await pool.query(`INSERT INTO images (uri, kind, owner_id) SELECT '000000000000.dkr.ecr.us-east-1.amazonaws.com/legacy-' || i || ':1', 'CUSTOM', $1 FROM generate_series(1, 5) i`, [actorId]);
  await pool.query(`
    WITH o AS (SELECT array_agg(id ORDER BY email) AS ids FROM users), im AS (SELECT array_agg(id ORDER BY uri) AS ids FROM images)
    INSERT INTO models (slug, display_name, team, owner_id, tags, description, status, image_id, input_uri, output_uri, created_at, updated_at)
    SELECT 'model-' || lpad(i::text, 5, '0'),
           (ARRAY['Churn','Fraud','Forecast','Pricing','Ranking','Credit','Demand','Anomaly'])[1 + i % 8] || ' model ' || i,
           (ARRAY['risk','marketing','supply','growth','ops'])[1 + i % 5],
           o.ids[1 + i % 20],
           ARRAY['legacy', 'batch-' || (i % 10)] || CASE WHEN i % 7 = 0 THEN ARRAY['gpu'] ELSE ARRAY[]::text[] END,
           'Legacy model ' || i || ' from the ' || (ARRAY['cron','notebook','airflow'])[1 + i % 3] || ' era',
           (ARRAY['INVENTORIED','CONTAINERISED','READY','APPROVED','LIVE'])[1 + (i / 7) % 5]::"ModelStatus",
           CASE WHEN i % 3 = 0 THEN im.ids[1 + i % 5] END,
           's3://bench-data/' || i || '/in/', 's3://bench-data/' || i || '/out/',
           now() - (i || ' minutes')::interval, now() - ((i * 37) % 100000 || ' seconds')::interval
    FROM generate_series(1, ${MODELS}) i, o, im`);
  await pool.query(`INSERT INTO environments (name, kind, bucket) VALUES ('bench', 'EMBEDDED', 'bench')`);
  await pool.query(`INSERT INTO pipelines (name, owner_id, draft_spec) VALUES ('bench', $1, '{}')`, [actorId]);
  await pool.query(
    `INSERT INTO pipeline_versions (pipeline_id, version, content_hash, spec, definition, input_schema, iam_policies, published_by_id)
     SELECT id, 1, repeat('0', 64), '{}', '{}', '{}', '{}', $1 FROM pipelines`,
    [actorId],
  );
  await pool.query(
    `INSERT INTO deployments (model_id, pipeline_version_id, environment_id, parameters, artifacts, artifact_fingerprint, status, requested_by_id)
     SELECT m.id, v.id, e.id, '{}', '{}', repeat('0', 64), 'LIVE', $1 FROM models m, pipeline_versions v, environments e`,
    [actorId],
  );
  await pool.query(
    `INSERT INTO runs (deployment_id, model_id, pipeline_version_id, environment_id, execution_name, status, input, started_by_id, created_at)
     SELECT d.id, d.model_id, d.pipeline_version_id, d.environment_id, 'run-' || md5(d.id::text || k), (ARRAY['SUCCEEDED','FAILED','RUNNING'])[1 + k % 3]::"RunStatus",
            '{}', $1, now() - (k || ' hours')::interval
     FROM deployments d, generate_series(1, ${RUNS_PER_MODEL}) k`,
    [actorId],
  );
  await pool.query("ANALYZE");
  return actorId;
}

/** The query listModels sends, written by hand: one statement with both relations joined. */
function rawList(filters: { q?: string; team?: string; status?: string; tag?: string; after?: [string, string] }): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (filters.team) where.push(`m.team = ${param(filters.team)}`);
  if (filters.status) where.push(`m.status = ${param(filters.status)}::"ModelStatus"`);
  if (filters.tag) where.push(`m.tags @> ARRAY[${param(filters.tag)}]::text[]`);
  if (filters.q) {
    const like = param(`%${filters.q}%`);
    where.push(`(m.slug ILIKE ${like} OR m.display_name ILIKE ${like} OR m.description ILIKE ${like} OR m.tags @> ARRAY[${param(filters.q.toLowerCase())}]::text[])`);
  }
  if (filters.after) {
    const at = param(filters.after[0]);
    where.push(`(m.updated_at < ${at}::timestamptz OR (m.updated_at = ${at}::timestamptz AND m.id > ${param(filters.after[1])}::uuid))`);
  }
  return {
    text: `SELECT m.id, m.slug, m.display_name, m.team, m.tags, m.status, m.updated_at, u.id AS owner_id, u.name AS owner_name, i.id AS image_id, i.uri AS image_uri
           FROM models m JOIN users u ON u.id = m.owner_id LEFT JOIN images i ON i.id = m.image_id
           ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
           ORDER BY m.updated_at DESC, m.id ASC LIMIT ${PAGE + 1}`,
    values,
  };
}

type Scenario = { name: string; filters: ModelListFiltersInput; raw: Parameters<typeof rawList>[0] };

async function main() {
  const server = await benchDatabase("catalog");
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  const db = createPrismaClient(server.url);
  try {
    const seeded = await timed(() => seed(pool));
    const actor: Actor = { id: seeded.value, email: "owner1@bench.local", name: "Owner 1", roles: ["DATA_SCIENTIST"] };
    console.log(`seeded ${MODELS} models and ${MODELS * RUNS_PER_MODEL} runs in ${(seeded.ms / 1000).toFixed(1)} s`);

    // The deep page's cursor, reached the way a user would: page after page.
    let cursor: string | undefined;
    for (let page = 1; page < DEEP_PAGE; page++) cursor = (await listModels(db, ModelListFilters.parse({ cursor, limit: PAGE }))).nextCursor ?? undefined;
    const after = JSON.parse(Buffer.from(cursor ?? "", "base64url").toString("utf8")) as [string, string];

    const scenarios: Scenario[] = [
      { name: "search", filters: { q: "fraud", limit: PAGE }, raw: { q: "fraud" } },
      { name: "filter (team + status + tag)", filters: { team: "risk", status: "READY", tag: "batch-5", limit: PAGE }, raw: { team: "risk", status: "READY", tag: "batch-5" } },
      { name: `deep page (${DEEP_PAGE}th of ${PAGE})`, filters: { cursor, limit: PAGE }, raw: { after } },
    ];
    const list = [];
    for (const scenario of scenarios) {
      const filters = ModelListFilters.parse(scenario.filters);
      const query = rawList(scenario.raw);
      const [a, b] = [await listModels(db, filters), await pool.query(query.text, query.values)];
      if (a.rows.length !== Math.min(PAGE, b.rows.length) || a.rows[0]?.id !== b.rows[0]?.id) throw new Error(`${scenario.name}: listModels and the raw SQL disagree`);
      const prismaMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        // Alternate which side goes first, so neither always runs on a cache the other just warmed.
        const runPrisma = () => timed(() => listModels(db, filters));
        const runRaw = () => timed(() => pool.query(query.text, query.values));
        const [p, r] = i % 2 ? [await runPrisma(), await runRaw()] : await (async () => {
          const raw = await runRaw();
          return [await runPrisma(), raw] as const;
        })();
        if (i >= WARMUP) {
          prismaMs.push(p.ms);
          rawMs.push(r.ms);
        }
      }
      const result = { scenario: scenario.name, rows: a.rows.length, listModelsMedianMs: Number(median(prismaMs).toFixed(2)), rawSqlMedianMs: Number(median(rawMs).toFixed(2)) };
      list.push({ ...result, ratio: Number((result.listModelsMedianMs / result.rawSqlMedianMs).toFixed(2)), target: 3 });
    }

    const form = (csv: string) => {
      const data = new FormData();
      data.set("file", new File([csv], "bench.csv"));
      return data;
    };
    const csv = manifestCsv(IMPORT_ROWS, { prefix: "bench-import" });
    const created = await timed(() => importBulk(db, actor, form(csv)));
    const unchanged = await timed(() => importBulk(db, actor, form(csv)));
    const updated = await timed(() => importBulk(db, actor, form(manifestCsv(IMPORT_ROWS, { prefix: "bench-import", description: (i) => `Revised ${i}` }))));
    if (created.value.created.length !== IMPORT_ROWS || unchanged.value.unchanged !== IMPORT_ROWS || updated.value.updated.length !== IMPORT_ROWS) {
      throw new Error("the import did not create, keep and update every row");
    }
    const bulk = {
      rows: IMPORT_ROWS,
      createSeconds: Number((created.ms / 1000).toFixed(2)),
      reimportUnchangedSeconds: Number((unchanged.ms / 1000).toFixed(2)),
      updateAllSeconds: Number((updated.ms / 1000).toFixed(2)),
      targetSeconds: 5,
    };

    const results = { seeded: { models: MODELS, runs: MODELS * RUNS_PER_MODEL, seconds: Number((seeded.ms / 1000).toFixed(1)) }, list, bulk, iterations: ITERATIONS, machine: { cpus: os.cpus().length, node: process.version } };
    console.log("Catalog benchmark");
    for (const l of list) console.log(`  /models ${l.scenario}: listModels ${l.listModelsMedianMs} ms vs raw SQL ${l.rawSqlMedianMs} ms → ${l.ratio}× (target ≤ 3×; median of ${ITERATIONS})`);
    console.log(`  bulk lift, ${IMPORT_ROWS}-row manifest: create ${bulk.createSeconds} s, re-import unchanged ${bulk.reimportUnchangedSeconds} s, update all ${bulk.updateAllSeconds} s (target < 5 s)`);
    await writeResults("catalog", results);
  } finally {
    await db.$disconnect();
    await pool.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Runs benchmark (`npx tsx scripts/bench/runs.bench.ts`), on a private embedded PostgreSQL and engine:
 * (a) 200 runs of the three-step fixture pipeline started at once (bulk start, paced like production) and
 *     followed by the reconciler with its default budget: lag from the engine's end of each execution to the
 *     catalog showing it (p50/p95), AWS calls per run by API, and whether every run reached its final state;
 * (b) with 100,000 runs seeded, the /runs query (`listRuns`: first page, status filter, a deep keyset page)
 *     against the same query hand-written in SQL; medians of interleaved runs, as a ratio.
 * Prints a summary and writes bench-results/runs.json.
 */
import os from "node:os";
import { DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import pg from "pg";
import type { Actor } from "../../lib/auth/permissions";
import { benchDatabase, timed, writeResults } from "./support";

const CONCURRENT = 200;
const SEEDED_RUNS = 100_000;
const ITERATIONS = 31;
const WARMUP = 5;
const PAGE = 50;
const DEEP_PAGE = 50;
const BUCKET = "ferry-runs-bench";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function main() {
  const server = await benchDatabase("runs");
  // The app's modules read DATABASE_URL on first use of the shared client.
  process.env.DATABASE_URL = server.url;
  const { prisma, disconnectPrisma } = await import("../../lib/db/prisma");
  const { startTestEngine } = await import("../../tests/engine/harness");
  const { stageLegacyModel } = await import("../../tests/engine/legacy-model");
  const { releasedPipeline, binding, liveDeployment } = await import("../../tests/runs/world");
  const { startRuns, startBatch, BULK_BATCH } = await import("../../lib/runs/bulk-start");
  const { startReconciler } = await import("../../lib/runs/reconciler/index");
  const { listRuns } = await import("../../lib/runs/list");
  const { RunFilters } = await import("../../lib/runs/filters");
  const engine = await startTestEngine();
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  // Idle clients see the server go away at the end; that is not a failure of the bench.
  pool.on("error", () => undefined);
  try {
    await stageLegacyModel(engine, BUCKET);
    const user = await prisma.user.create({ data: { name: "Bench", email: "bench@ferry.local", roles: { create: [{ role: "MLOPS_ENGINEER" }, { role: "DATA_SCIENTIST" }] } } });
    const actor: Actor = { id: user.id, email: user.email, name: user.name, roles: ["MLOPS_ENGINEER", "DATA_SCIENTIST"] };
    const world = await releasedPipeline(engine, actor, BUCKET);
    const deployments: { id: string }[] = [];
    for (let i = 0; i < CONCURRENT; i++) deployments.push(await liveDeployment(world, actor, binding(BUCKET, "scripts"), `bench-${String(i).padStart(3, "0")}`));

    // (a) 200 at once, followed by the reconciler with its default budget.
    const reconciler = startReconciler({ db: prisma });
    // The bulk start's jobs, carried out here batch by batch (the worker's handler, without the queue's polling).
    const started = await timed(async () => {
      const { bulkStartId } = await startRuns(prisma, actor, { deploymentIds: deployments.map((d) => d.id) });
      const items = await prisma.bulkStartItem.findMany({ where: { bulkStartId }, orderBy: { position: "asc" }, select: { id: true } });
      for (let i = 0; i < items.length; i += BULK_BATCH) await startBatch(prisma, { bulkStartId, itemIds: items.slice(i, i + BULK_BATCH).map((item) => item.id) });
      return prisma.bulkStartItem.findMany({ where: { bulkStartId, status: { not: "STARTED" } }, select: { message: true } });
    });
    const refused = started.value;
    if (refused.length) throw new Error(`${refused.length} runs refused: ${refused[0]?.message}`);
    const seenFinal = new Map<string, number>();
    const deadline = Date.now() + 15 * 60_000;
    while (seenFinal.size < CONCURRENT && Date.now() < deadline) {
      const rows = await prisma.run.findMany({ where: { status: { notIn: ["PENDING", "RUNNING"] } }, select: { id: true } });
      const now = Date.now();
      for (const row of rows) if (!seenFinal.has(row.id)) seenFinal.set(row.id, now);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await reconciler.stop();
    const runs = await prisma.run.findMany({ select: { id: true, status: true, executionArn: true, steps: { select: { status: true } } } });
    const lags: number[] = [];
    for (const run of runs) {
      const seen = seenFinal.get(run.id);
      if (!seen || !run.executionArn) continue;
      const described = await engine.sfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
      if (described.stopDate) lags.push(seen - described.stopDate.getTime());
    }
    const allFinal = runs.every((r) => r.status === "SUCCEEDED" && r.steps.every((s) => s.status === "SUCCEEDED"));
    const calls = Object.fromEntries([...reconciler.counter.calls].map(([api, n]) => [api, Number((n / CONCURRENT).toFixed(2))]));
    const sync = {
      runs: CONCURRENT,
      startSeconds: Number((started.ms / 1000).toFixed(1)),
      everyRunSucceededWithItsSteps: allFinal,
      finished: seenFinal.size,
      statuses: Object.fromEntries(["SUCCEEDED", "FAILED", "RUNNING", "PENDING"].map((s) => [s, runs.filter((r) => r.status === s).length])),
      lagMs: { p50: Math.round(percentile(lags, 50)), p95: Math.round(percentile(lags, 95)), max: Math.round(Math.max(...lags)) },
      reconcilerCallsPerRun: calls,
      startExecutionPerRun: 1,
      totalCallsPerRun: Number((reconciler.counter.total() / CONCURRENT + 1).toFixed(2)),
    };

    // (b) /runs with 100,000 runs.
    await pool.query(
      `INSERT INTO runs (deployment_id, model_id, pipeline_version_id, environment_id, execution_name, status, input, started_by_id, created_at, failure_group)
       SELECT d.id, d.model_id, d.pipeline_version_id, d.environment_id, 'seed-' || k || '-' || left(md5(d.id::text), 8),
              (ARRAY['SUCCEEDED','FAILED','SUCCEEDED','RUNNING','SUCCEEDED'])[1 + k % 5]::"RunStatus", '{}', $1,
              now() - (k || ' minutes')::interval - (random() * 1000 || ' seconds')::interval,
              CASE WHEN k % 5 = 1 THEN 'KeyError: ''customer_id''' END
       FROM (SELECT * FROM deployments ORDER BY id) d, generate_series(1, ${SEEDED_RUNS / CONCURRENT}) k`,
      [user.id],
    );
    await pool.query("ANALYZE");
    let cursor: string | undefined;
    for (let page = 1; page < DEEP_PAGE; page++) cursor = (await listRuns(prisma, RunFilters.parse({ cursor }))).nextCursor ?? undefined;
    const after = Buffer.from(cursor ?? "", "base64url").toString().split("|");
    const raw = (where: string, values: unknown[]) => ({
      text: `SELECT r.id, r.execution_name, r.status, r.created_at, r.started_at, r.stopped_at, r.failure_group, r.redrive_count,
                    m.id AS model_id, m.slug, m.display_name, v.version, p.name AS pipeline, e.name AS environment
             FROM runs r JOIN models m ON m.id = r.model_id JOIN pipeline_versions v ON v.id = r.pipeline_version_id
             JOIN pipelines p ON p.id = v.pipeline_id JOIN environments e ON e.id = r.environment_id
             ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT ${PAGE + 1}`,
      values,
    });
    const scenarios = [
      { name: "first page", filters: {}, sql: raw("", []) },
      { name: "status = FAILED", filters: { status: "FAILED" }, sql: raw(`WHERE r.status = 'FAILED'`, []) },
      { name: `deep page (${DEEP_PAGE}th)`, filters: { cursor }, sql: raw(`WHERE (r.created_at < $1::timestamptz OR (r.created_at = $1::timestamptz AND r.id < $2::uuid))`, [after[0], after[1]]) },
    ];
    const list = [];
    for (const scenario of scenarios) {
      const filters = RunFilters.parse(scenario.filters);
      const [a, b] = [await listRuns(prisma, filters), await pool.query(scenario.sql.text, scenario.sql.values)];
      if (a.runs[0]?.id !== b.rows[0]?.id) throw new Error(`${scenario.name}: listRuns and the raw SQL disagree`);
      const prismaMs: number[] = [];
      const rawMs: number[] = [];
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        const p = i % 2 ? await timed(() => listRuns(prisma, filters)) : null;
        const r = await timed(() => pool.query(scenario.sql.text, scenario.sql.values));
        const q = p ?? (await timed(() => listRuns(prisma, filters)));
        if (i >= WARMUP) {
          prismaMs.push(q.ms);
          rawMs.push(r.ms);
        }
      }
      const listMs = percentile(prismaMs, 50);
      const rawSqlMs = percentile(rawMs, 50);
      list.push({ scenario: scenario.name, listRunsMedianMs: Number(listMs.toFixed(2)), rawSqlMedianMs: Number(rawSqlMs.toFixed(2)), ratio: Number((listMs / rawSqlMs).toFixed(2)) });
    }

    const results = { sync, list: { runs: SEEDED_RUNS + CONCURRENT, iterations: ITERATIONS, scenarios: list }, machine: { cpus: os.cpus().length, node: process.version } };
    console.log("Runs benchmark");
    console.log(`  ${CONCURRENT} concurrent runs: ${sync.finished} reached a final state, all succeeded with their steps: ${sync.everyRunSucceededWithItsSteps}`);
    console.log(`  engine end → catalog lag: p50 ${sync.lagMs.p50} ms, p95 ${sync.lagMs.p95} ms (reconciler defaults: 20 reads/s, interval max(2 s, active/20 s))`);
    console.log(`  AWS calls per run: ${sync.totalCallsPerRun} (StartExecution 1; reconciler ${JSON.stringify(sync.reconcilerCallsPerRun)})`);
    for (const l of list) console.log(`  /runs ${l.scenario}: listRuns ${l.listRunsMedianMs} ms vs raw SQL ${l.rawSqlMedianMs} ms → ${l.ratio}× (median of ${ITERATIONS})`);
    await writeResults("runs", results);
  } finally {
    await engine.close();
    await disconnectPrisma();
    await pool.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Runs benchmark (`npm run bench -- runs`), on a private embedded PostgreSQL and engines behind a counting proxy:
 * (a) 200 runs of the three-step fixture pipeline started at once (bulk start, paced like production), followed
 *     by polling alone (the baseline) and then by status events (EventBridge → SQS, the reconciler as a safety
 *     net): lag from the engine's end of each execution to the catalog showing it (p50/p95), AWS calls per run
 *     by API counted on the wire (the start's DescribeStateMachine and StartExecution included), and whether
 *     every run reached its final state with its steps;
 * (b) with 100,000 runs seeded, the /runs query (`listRuns`: first page, status filter, a deep keyset page)
 *     against the same query hand-written in SQL; medians of interleaved runs, as a ratio;
 * (c) 1,000 and 5,000 active runs against AWS's quotas (token buckets with AWS's sizes and refill rates in the
 *     proxy): calls per second by API against each refill rate, throttles, and the lag of the runs that end.
 * Prints a summary and writes bench-results/runs.json. FERRY_BENCH_RUNS_PARTS=a,b,c picks parts.
 */
import os from "node:os";
import pg from "pg";
import type { Actor } from "../../lib/auth/permissions";
import { concurrentRuns, percentile, simulateActiveRuns, stubDeployment } from "./run-sync";
import { benchDatabase, timed, writeResults } from "./support";

const CONCURRENT = 200;
const SEEDED_RUNS = 100_000;
const ITERATIONS = 31;
const WARMUP = 5;
const PAGE = 50;
const DEEP_PAGE = 50;
const BUCKET = "ferry-runs-bench";

const PARTS = new Set((process.env.FERRY_BENCH_RUNS_PARTS ?? "a,b,c").split(","));
const SIMULATED = [1_000, 5_000];

async function main() {
  const server = await benchDatabase("runs");
  // The app's modules read DATABASE_URL on first use of the shared client.
  process.env.DATABASE_URL = server.url;
  const { prisma, disconnectPrisma } = await import("../../lib/db/prisma");
  const { listRuns } = await import("../../lib/runs/list");
  const { RunFilters } = await import("../../lib/runs/filters");
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  // Idle clients see the server go away at the end; that is not a failure of the bench.
  pool.on("error", () => undefined);
  try {
    const user = await prisma.user.create({ data: { name: "Bench", email: "bench@ferry.local", roles: { create: [{ role: "MLOPS_ENGINEER" }, { role: "DATA_SCIENTIST" }] } } });
    const actor: Actor = { id: user.id, email: user.email, name: user.name, roles: ["MLOPS_ENGINEER", "DATA_SCIENTIST"] };

    // (a) 200 at once: polling alone (the baseline), then status events.
    const sync = PARTS.has("a") ? { polling: await concurrentRuns("polling", CONCURRENT, BUCKET, actor), events: await concurrentRuns("events", CONCURRENT, BUCKET, actor) } : null;
    // (c) 1,000 and 5,000 active runs against AWS's quotas.
    const simulation = [];
    if (PARTS.has("c")) for (const active of SIMULATED) simulation.push(await simulateActiveRuns(active, { durationSeconds: 1_200, windowSeconds: 60 }));

    // (b) /runs with 100,000 runs, spread over (at most 200 of) the deployments made above.
    if ((await prisma.deployment.count()) === 0) await stubDeployment(`list-${Date.now()}`);
    const perDeployment = Math.ceil(SEEDED_RUNS / Math.min(200, await prisma.deployment.count()));
    await pool.query(
      `INSERT INTO runs (deployment_id, model_id, pipeline_version_id, environment_id, execution_name, status, input, started_by_id, created_at, failure_group)
       SELECT d.id, d.model_id, d.pipeline_version_id, d.environment_id, 'seed-' || k || '-' || left(md5(d.id::text), 8),
              (ARRAY['SUCCEEDED','FAILED','SUCCEEDED','RUNNING','SUCCEEDED'])[1 + k % 5]::"RunStatus", '{}', $1,
              now() - (k || ' minutes')::interval - (random() * 1000 || ' seconds')::interval,
              CASE WHEN k % 5 = 1 THEN 'KeyError: ''customer_id''' END
       FROM (SELECT * FROM deployments ORDER BY id LIMIT 200) d, generate_series(1, ${perDeployment}) k`,
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

    const listed = await prisma.run.count();
    const results = { sync, simulation, list: { runs: listed, iterations: ITERATIONS, scenarios: list }, machine: { cpus: os.cpus().length, node: process.version } };
    console.log("Runs benchmark");
    for (const mode of sync ? [sync.polling, sync.events] : []) {
      console.log(`  ${mode.runs} concurrent runs, ${mode.mode}: ${mode.finished} final, all succeeded with their steps: ${mode.everyRunSucceededWithItsSteps} (runs not succeeded ${mode.runsNotSucceeded}, steps not succeeded ${mode.stepsNotSucceeded}, steps without a job ARN ${mode.stepsWithoutJobArn}); ${mode.wallSeconds} s`);
      console.log(`    engine end → catalog lag: p50 ${mode.lagMs.p50} ms, p95 ${mode.lagMs.p95} ms, max ${mode.lagMs.max} ms`);
      console.log(`    AWS calls per run: ${mode.awsCallsPerRun.total} (Step Functions ${JSON.stringify(mode.awsCallsPerRun.stepFunctions)}, SageMaker ${JSON.stringify(mode.awsCallsPerRun.sageMaker)}); SQS ${JSON.stringify(mode.sqsCallsPerRun)}`);
    }
    if (sync) console.log(`  events vs polling: lag p95 ${sync.events.lagMs.p95} / ${sync.polling.lagMs.p95} ms, calls per run ${sync.events.awsCallsPerRun.total} / ${sync.polling.awsCallsPerRun.total}`);
    for (const sim of simulation) {
      console.log(`  ${sim.activeRuns} active runs against AWS's quotas (${sim.endsAndStartsPerSecond} ends and starts per second, ${sim.windowSeconds} s window): lag p50 ${sim.lagMs.p50} ms, p95 ${sim.lagMs.p95} ms over ${sim.seenFinal}/${sim.endedInWindow} runs`);
      for (const [api, r] of Object.entries(sim.callsPerSecond)) console.log(`    ${api}: ${r.meanPerSecond}/s mean, ${r.p99PerSecond}/s p99 second, refill ${r.refillPerSecond ?? "n/a"}/s → ${r.meanShareOfRefill === null ? "n/a" : `${Math.round(r.meanShareOfRefill * 100)} %`}, throttled ${r.throttled}`);
    }
    for (const l of list) console.log(`  /runs ${l.scenario}: listRuns ${l.listRunsMedianMs} ms vs raw SQL ${l.rawSqlMedianMs} ms → ${l.ratio}× (median of ${ITERATIONS})`);
    await writeResults("runs", results);
  } finally {
    await disconnectPrisma();
    await pool.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

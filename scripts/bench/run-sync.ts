/**
 * The runs benchmark's sync parts (scripts/bench/runs.bench.ts): 200 concurrent runs of the three-step fixture
 * followed by polling alone or by status events, and the simulation of 1,000 and 5,000 active runs against
 * AWS's quotas. Every AWS call goes through the quota proxy, which counts it (and throttles, in the simulation).
 */
import { randomUUID } from "node:crypto";
import { CreateStateMachineCommand, DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import pLimit from "p-limit";
import type { Actor } from "../../lib/auth/permissions";
import { AWS_QUOTAS, startQuotaProxy } from "./aws-quota-proxy";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the catalog until each run is final (or the deadline), noting when it was first seen final. */
async function watchFinal(runIds: Set<string>, deadlineMs: number): Promise<Map<string, number>> {
  const { prisma } = await import("../../lib/db/prisma");
  const seen = new Map<string, number>();
  const deadline = Date.now() + deadlineMs;
  while (seen.size < runIds.size && Date.now() < deadline) {
    const rows = await prisma.run.findMany({ where: { id: { in: [...runIds].filter((id) => !seen.has(id)) }, status: { notIn: ["PENDING", "RUNNING"] } }, select: { id: true } });
    const now = Date.now();
    for (const row of rows) seen.set(row.id, now);
    await sleep(100);
  }
  return seen;
}

/** Lag from the engine's end of each execution (its stopDate) to the catalog showing the run final. */
async function lags(engineSfn: import("@aws-sdk/client-sfn").SFNClient, seen: Map<string, number>): Promise<number[]> {
  const { prisma } = await import("../../lib/db/prisma");
  const runs = await prisma.run.findMany({ where: { id: { in: [...seen.keys()] } }, select: { id: true, executionArn: true } });
  const out: number[] = [];
  const limit = pLimit(16);
  await Promise.all(
    runs.map((run) =>
      limit(async () => {
        if (!run.executionArn) return;
        const described = await engineSfn.send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
        const at = seen.get(run.id);
        if (described.stopDate && at) out.push(at - described.stopDate.getTime());
      }),
    ),
  );
  return out;
}

function perRun(calls: Map<string, number>, runs: number, service: string): Record<string, number> {
  return Object.fromEntries([...calls].filter(([api]) => api.startsWith(`${service}.`)).map(([api, n]) => [api.slice(service.length + 1), round(n / runs)]));
}

const sum = (values: Record<string, number>) => round(Object.values(values).reduce((a, b) => a + b, 0));

/**
 * (a) `count` runs of the three-step fixture at once through the bulk start, on a fresh engine behind the counting
 * proxy; then followed by the reconciler alone (polling, as before issue 13) or by the status events consumer
 * with the reconciler as its safety net.
 */
export async function concurrentRuns(mode: "polling" | "events", count: number, bucket: string, actor: Actor) {
  const { prisma } = await import("../../lib/db/prisma");
  const { startTestEngine } = await import("../../tests/engine/harness");
  const { stageLegacyModel } = await import("../../tests/engine/legacy-model");
  const { releasedPipeline, binding, liveDeployment } = await import("../../tests/runs/world");
  const { startRuns, startBatch, BULK_BATCH } = await import("../../lib/runs/bulk-start");
  const { startReconciler } = await import("../../lib/runs/reconciler/index");
  const { startRunEventConsumer } = await import("../../lib/runs/events/index");
  const { seedRunEvents } = await import("../../lib/environments/events");
  const engine = await startTestEngine();
  const proxy = await startQuotaProxy(engine.endpoint);
  try {
    await stageLegacyModel(engine, bucket);
    const world = await releasedPipeline({ ...engine, endpoint: proxy.endpoint }, actor, bucket);
    const deployments: { id: string }[] = [];
    for (let i = 0; i < count; i++) deployments.push(await liveDeployment(world, actor, binding(bucket, "scripts"), `${mode}-${String(i).padStart(3, "0")}`));
    let environment = await prisma.environment.findUniqueOrThrow({ where: { id: world.environmentId } });
    if (mode === "events") {
      await seedRunEvents(prisma, environment);
      environment = await prisma.environment.findUniqueOrThrow({ where: { id: world.environmentId } });
    }
    proxy.reset();
    const consumer = mode === "events" ? startRunEventConsumer(prisma, environment, { log: () => undefined }) : null;
    const reconciler = startReconciler({ db: prisma });
    const started = Date.now();
    const { bulkStartId } = await startRuns(prisma, actor, { deploymentIds: deployments.map((d) => d.id) });
    const items = await prisma.bulkStartItem.findMany({ where: { bulkStartId }, orderBy: { position: "asc" }, select: { id: true } });
    for (let i = 0; i < items.length; i += BULK_BATCH) await startBatch(prisma, { bulkStartId, itemIds: items.slice(i, i + BULK_BATCH).map((item) => item.id) });
    const startSeconds = (Date.now() - started) / 1000;
    const refused = await prisma.bulkStartItem.count({ where: { bulkStartId, status: { not: "STARTED" } } });
    if (refused) throw new Error(`${refused} runs refused`);
    const ids = new Set(items.map((i) => i.id));
    const seen = await watchFinal(ids, 15 * 60_000);
    const wallSeconds = (Date.now() - started) / 1000;
    await consumer?.stop();
    await reconciler.stop();
    const runs = await prisma.run.findMany({ where: { id: { in: [...ids] } }, select: { status: true, steps: { select: { status: true, jobArn: true } } } });
    const lag = await lags(engine.sfn, seen);
    const states = perRun(proxy.calls, count, "states");
    const sagemaker = perRun(proxy.calls, count, "sagemaker");
    return {
      mode,
      runs: count,
      finished: seen.size,
      everyRunSucceededWithItsSteps: runs.every((r) => r.status === "SUCCEEDED" && r.steps.every((s) => s.status === "SUCCEEDED" && s.jobArn)),
      runsNotSucceeded: runs.filter((r) => r.status !== "SUCCEEDED").length,
      stepsNotSucceeded: runs.flatMap((r) => r.steps).filter((s) => s.status !== "SUCCEEDED").length,
      stepsWithoutJobArn: runs.flatMap((r) => r.steps).filter((s) => !s.jobArn).length,
      startSeconds: round(startSeconds, 1),
      wallSeconds: round(wallSeconds, 1),
      lagMs: { p50: Math.round(percentile(lag, 50)), p95: Math.round(percentile(lag, 95)), max: Math.round(Math.max(...lag)) },
      awsCallsPerRun: { total: round(sum(states) + sum(sagemaker)), stepFunctions: states, sageMaker: sagemaker },
      sqsCallsPerRun: perRun(proxy.calls, count, "sqs"),
      consumer: consumer?.stats() ?? null,
    };
  } finally {
    await proxy.close();
    await engine.close();
  }
}

/**
 * A live deployment made directly in the catalog, running `WAIT_DEFINITION` (no spec, no approval flow: the
 * simulation's runs are started by dispatch, which checks the version against this definition).
 */
export async function stubDeployment(tag: string, target?: { environmentId: string; stateMachineArn: string; versionArn: string }) {
  const { prisma } = await import("../../lib/db/prisma");
  const owner = await prisma.user.findFirstOrThrow();
  const environmentId = target?.environmentId ?? (await prisma.environment.create({ data: { name: `stub-${tag}`, kind: "EMBEDDED", bucket: "stub" } })).id;
  const model = await prisma.model.create({ data: { slug: `sim-${tag}`, displayName: `sim ${tag}`, team: "sim", ownerId: owner.id } });
  const pipeline = await prisma.pipeline.create({ data: { name: `sim-${tag}`, ownerId: owner.id, draftSpec: {} } });
  const version = await prisma.pipelineVersion.create({ data: { pipelineId: pipeline.id, version: 1, contentHash: "0".repeat(64), spec: {}, definition: WAIT_DEFINITION, inputSchema: {}, iamPolicies: {}, publishedById: owner.id } });
  const deployment = await prisma.deployment.create({
    data: { modelId: model.id, pipelineVersionId: version.id, environmentId, parameters: {}, artifacts: {}, artifactFingerprint: "0".repeat(64), status: "LIVE", requestedById: owner.id, stateMachineArn: target?.stateMachineArn, stateMachineVersionArn: target?.versionArn },
  });
  return { owner, model, version, deployment };
}

const WAIT_DEFINITION = { StartAt: "Work", States: { Work: { Type: "Wait", TimestampPath: "$.until", Next: "Done" }, Done: { Type: "Succeed" } } };

/**
 * (c) `active` runs in flight against AWS's quotas (the proxy's token buckets): a steady state where runs last
 * `durationSeconds` on average, so `active / durationSeconds` end (and as many start) each second. Each run is
 * one Wait state (no jobs: the point is the API traffic, not the engine's sandboxes). The active runs are made
 * beforehand, their safety-net polls spread as in a steady state; the window measures calls per second by API
 * against each refill rate, throttles, and the lag of the runs ending in it.
 */
export async function simulateActiveRuns(active: number, options: { durationSeconds: number; windowSeconds: number }) {
  const { prisma } = await import("../../lib/db/prisma");
  const { startTestEngine } = await import("../../tests/engine/harness");
  const { startReconciler, DEFAULTS } = await import("../../lib/runs/reconciler/index");
  const { startRunEventConsumer } = await import("../../lib/runs/events/index");
  const { seedRunEvents } = await import("../../lib/environments/events");
  const { dispatchRun } = await import("../../lib/runs/dispatch");
  const { stateMachineRoleArn } = await import("../../lib/environments/target");
  const engine = await startTestEngine();
  const proxy = await startQuotaProxy(engine.endpoint, AWS_QUOTAS);
  const rate = active / options.durationSeconds;
  try {
    const tag = randomUUID().slice(0, 8);
    const environment = await prisma.environment.create({ data: { name: `sim-${active}-${tag}`, kind: "EMBEDDED", bucket: "sim", endpointOverride: proxy.endpoint } });
    const roleArn = stateMachineRoleArn(environment);
    const machine = await engine.sfn.send(new CreateStateMachineCommand({ name: `ferry-dp-sim-${tag}`, definition: JSON.stringify(WAIT_DEFINITION), roleArn, publish: true }));
    const versionArn = machine.stateMachineVersionArn ?? "";
    const { owner, model, version, deployment } = await stubDeployment(tag, { environmentId: environment.id, stateMachineArn: machine.stateMachineArn ?? "", versionArn });
    const row = (i: number, status: "RUNNING" | "PENDING", until: number) => ({
      id: randomUUID(),
      deploymentId: deployment.id,
      modelId: model.id,
      pipelineVersionId: version.id,
      environmentId: environment.id,
      executionName: `sim-${tag}-${status === "RUNNING" ? "a" : "n"}${i}`,
      status,
      input: { until: new Date(until).toISOString() },
      startedById: owner.id,
    });
    // The active runs, started on the engine directly; their ends are spread at `rate` per second from a window
    // start planned after the set-up (an end before the window is not measured).
    const plannedStart = Date.now() + 15_000 + active * 10;
    const endOf = (i: number) => plannedStart + 3_000 + (i / rate) * 1000;
    const rows = Array.from({ length: active }, (_, i) => row(i, "RUNNING", endOf(i)));
    const arnOf = (name: string) => `${versionArn.split(":").slice(0, 5).join(":")}:execution:${versionArn.split(":")[6]}:${name}`;
    const limit = pLimit(32);
    const setup = Date.now();
    await Promise.all(rows.map((r) => limit(() => engine.sfn.send(new StartExecutionCommand({ stateMachineArn: versionArn, name: r.executionName, input: JSON.stringify(r.input) })))));
    const safetyNetSeconds = Math.max(DEFAULTS.safetyNetIntervalMs / 1000, active / DEFAULTS.safetyNetReadsPerSecond);
    for (let i = 0; i < rows.length; i += 1000) {
      // Last synced at random over one safety-net interval before the window: its polls then run at their steady rate.
      await prisma.run.createMany({ data: rows.slice(i, i + 1000).map((r) => ({ ...r, executionArn: arnOf(r.executionName), startedAt: new Date(), lastSyncedAt: new Date(plannedStart - Math.random() * safetyNetSeconds * 1000) })) });
    }
    const setupSeconds = (Date.now() - setup) / 1000;
    await seedRunEvents(prisma, environment);
    const live = await prisma.environment.findUniqueOrThrow({ where: { id: environment.id } });
    await sleep(plannedStart - Date.now());
    proxy.reset();
    const consumer = startRunEventConsumer(prisma, live, { log: () => undefined });
    const reconciler = startReconciler({ db: prisma });
    const windowStart = Date.now();
    // New runs arrive at the rate others end (steady state), each started by Ferry: approval check and StartExecution.
    let arrivals = 0;
    const starts: Promise<unknown>[] = [];
    const arrivalTimer = setInterval(() => {
      const due = Math.floor(((Date.now() - windowStart) / 1000) * rate) - arrivals;
      for (let k = 0; k < due; k++) {
        const fresh = row(arrivals++, "PENDING", Date.now() + options.durationSeconds * 1000);
        starts.push(prisma.run.create({ data: fresh }).then(() => dispatchRun(prisma, fresh.id)));
      }
    }, 100);
    const ending = new Set(rows.filter((_, i) => endOf(i) >= windowStart + 1_000 && endOf(i) <= windowStart + (options.windowSeconds - 3) * 1000).map((r) => r.id));
    const seen = await watchFinal(ending, options.windowSeconds * 1000);
    clearInterval(arrivalTimer);
    await Promise.allSettled(starts);
    const windowSeconds = (Date.now() - windowStart) / 1000;
    await consumer.stop();
    await reconciler.stop();
    const lag = await lags(engine.sfn, seen);
    const apis = [...new Set([...proxy.calls.keys(), ...Object.keys(AWS_QUOTAS)])].filter((api) => !api.startsWith("sqs.") && !api.startsWith("events."));
    const rates = Object.fromEntries(
      apis.map((api) => {
        const series = proxy.perSecond.get(api) ?? [];
        const seconds = Array.from({ length: Math.floor(windowSeconds) }, (_, i) => series[i] ?? 0);
        const refill = AWS_QUOTAS[api]?.refillPerSecond;
        const mean = (proxy.calls.get(api) ?? 0) / windowSeconds;
        return [api, { meanPerSecond: round(mean), p99PerSecond: percentile(seconds, 99), refillPerSecond: refill ?? null, meanShareOfRefill: refill ? round(mean / refill) : null, throttled: proxy.throttled.get(api) ?? 0 }];
      }),
    );
    return {
      activeRuns: active,
      durationSeconds: options.durationSeconds,
      endsAndStartsPerSecond: round(rate),
      setupSeconds: round(setupSeconds, 1),
      windowSeconds: round(windowSeconds, 1),
      endedInWindow: ending.size,
      seenFinal: seen.size,
      newRunsStarted: arrivals,
      lagMs: { p50: Math.round(percentile(lag, 50)), p95: Math.round(percentile(lag, 95)), max: lag.length ? Math.round(Math.max(...lag)) : 0 },
      callsPerSecond: rates,
      sqsCallsPerSecond: Object.fromEntries([...proxy.calls].filter(([api]) => api.startsWith("sqs.")).map(([api, n]) => [api, round(n / windowSeconds)])),
      consumer: consumer.stats(),
      safetyNet: { syncs: reconciler.syncs(), calls: Object.fromEntries(reconciler.counter.calls) },
    };
  } finally {
    // Runs still active belong to an engine about to stop: ended here, so the next part's reconciler leaves them.
    await prisma.run.updateMany({ where: { environment: { name: { startsWith: `sim-${active}-` } }, status: { in: ["PENDING", "RUNNING"] } }, data: { status: "ABORTED", stoppedAt: new Date() } });
    await proxy.close();
    await engine.close();
  }
}

// Status by push on a real engine and PostgreSQL: the engine's EventBridge rule sends Step Functions' and
// SageMaker's status changes to its SQS queue; the consumer syncs each run from them with one incremental
// history read. Duplicated, reordered and dropped events, a queue that goes away, messages that are not
// Ferry's, and an event the history does not confirm yet.
import { DeleteQueueCommand } from "@aws-sdk/client-sqs";
import { StopExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Environment } from "@/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { seedRunEvents } from "@/lib/environments/events";
import { startRun } from "@/lib/runs/operations";
import { startRunEventConsumer, type RunEventConsumer } from "@/lib/runs/events";
import { startReconciler, type Reconciler } from "@/lib/runs/reconciler";
import { stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { binding, liveDeployment, releasedPipeline, waitForRun, type RunWorld } from "../runs/world";
import { queueTools, waitForExecutionEnd } from "./support";

const BUCKET = "ferry-events-it";
let engine: TestEngine;
let ds: Actor;
let world: RunWorld;
let environment: Environment;
let tools: ReturnType<typeof queueTools>;
let consumer: RunEventConsumer | null = null;
let reconciler: Reconciler | null = null;
const logs: string[] = [];
const finished = (run: { status: string }) => run.status !== "PENDING" && run.status !== "RUNNING";

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  ds = await makeUser(["DATA_SCIENTIST"]);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
  environment = await prisma.environment.findUniqueOrThrow({ where: { id: world.environmentId } });
  await seedRunEvents(prisma, environment);
  environment = await prisma.environment.findUniqueOrThrow({ where: { id: world.environmentId } });
  tools = queueTools(engine, () => environment.eventsQueueUrl ?? "");
}, 90_000);

afterEach(async () => {
  await consumer?.stop();
  await reconciler?.stop();
  consumer = null;
  reconciler = null;
  await dropAllEvents();
});

/** A fresh queue: every event so far is lost (PurgeQueue is allowed once a minute only). */
async function dropAllEvents() {
  await tools.sqs.send(new DeleteQueueCommand({ QueueUrl: environment.eventsQueueUrl ?? "" })).catch(() => undefined);
  await seedRunEvents(prisma, environment);
}

afterAll(async () => {
  tools?.sqs.destroy();
  await engine.close();
  await disconnectPrisma();
});

function consume() {
  consumer = startRunEventConsumer(prisma, environment, { log: (message) => logs.push(message) });
  return consumer;
}

async function startedRun() {
  const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
  const outcome = await startRun(prisma, ds, { deploymentId: deployment.id });
  expect(outcome.status).toBe("RUNNING");
  return prisma.run.findUniqueOrThrow({ where: { id: outcome.runId } });
}

describe("run events", () => {
  it("the seed set up the rule, the queue and its policy, and recorded the queue", () => {
    expect(environment.eventsQueueUrl).toBe(`${engine.endpoint}/000000000000/ferry-run-events`);
  });

  it("bring a run to its end with its steps, without DescribeExecution or DescribeProcessingJob, in at most 4 history reads", async () => {
    const live = consume();
    const run = await startedRun();
    const done = await waitForRun(run.id, finished);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.steps.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    for (const step of done.steps) expect(step.jobArn).toContain(`processing-job/${step.jobName?.toLowerCase()}`);
    expect(live.counter.calls.get("DescribeExecution") ?? 0).toBe(0);
    expect(live.counter.calls.get("DescribeProcessingJob") ?? 0).toBe(0);
    expect(live.counter.calls.get("GetExecutionHistory") ?? 0).toBeLessThanOrEqual(4);
    await tools.drained();
  });

  it("duplicated and reordered events change nothing more and cost no further read", async () => {
    const run = await startedRun();
    await waitForExecutionEnd(engine, run.executionArn ?? "");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bodies = (await tools.peek()).map((m) => m.Body ?? "");
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    // Every event twice more, newest first: the final status arrives before the RUNNING one.
    await tools.inject([...bodies, ...bodies].reverse());
    const live = consume();
    const done = await waitForRun(run.id, finished);
    expect(done.status).toBe("SUCCEEDED");
    await tools.drained();
    const reads = live.counter.calls.get("GetExecutionHistory") ?? 0;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
    expect(live.stats().skipped).toBeGreaterThan(0);
    const again = await prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { steps: true } });
    expect(again.lastEventId).toBe(done.lastEventId);
    expect(again.steps.every((s) => s.status === "SUCCEEDED")).toBe(true);
  });

  it("a run whose events were all dropped is brought to its end by the safety-net poll", async () => {
    const run = await startedRun();
    await waitForExecutionEnd(engine, run.executionArn ?? "");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dropAllEvents();
    consume();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await prisma.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("RUNNING");
    reconciler = startReconciler({ db: prisma, safetyNetIntervalMs: 500, tickMs: 100, pendingGraceMs: 0 });
    const done = await waitForRun(run.id, finished, 30_000);
    expect(done.status).toBe("SUCCEEDED");
    expect(reconciler.counter.calls.get("DescribeExecution")).toBeGreaterThanOrEqual(1);
  });

  it("with events set up, the reconciler leaves a recently synced running run alone", async () => {
    const run = await startedRun();
    reconciler = startReconciler({ db: prisma, tickMs: 100, pendingGraceMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(reconciler.counter.total()).toBe(0);
    consume();
    expect((await waitForRun(run.id, finished)).status).toBe("SUCCEEDED");
  });

  it("keeps going when the queue goes away: runs are polled meanwhile, and events are used again once it is back", async () => {
    await tools.sqs.send(new DeleteQueueCommand({ QueueUrl: environment.eventsQueueUrl ?? "" }));
    const live = consume();
    reconciler = startReconciler({ db: prisma, safetyNetIntervalMs: 1_000, tickMs: 100, pendingGraceMs: 0 });
    const lost = await startedRun();
    expect((await waitForRun(lost.id, finished)).status).toBe("SUCCEEDED");
    expect(logs.some((l) => l.includes("is unavailable"))).toBe(true);
    await reconciler.stop();
    reconciler = null;
    await seedRunEvents(prisma, environment);
    const run = await startedRun();
    expect((await waitForRun(run.id, finished)).status).toBe("SUCCEEDED");
    expect(live.counter.calls.get("GetExecutionHistory") ?? 0).toBeGreaterThanOrEqual(1);
    expect(logs.some((l) => l.includes("answers again"))).toBe(true);
  });

  it("deletes messages that are not Ferry's run events, changing nothing", async () => {
    const before = await prisma.run.findMany({ select: { id: true, status: true, lastEventId: true }, orderBy: { id: "asc" } });
    await tools.inject([
      "not json",
      JSON.stringify({ source: "aws.states", "detail-type": "Step Functions Execution Status Change", detail: { executionArn: "arn:aws:states:us-east-1:000000000000:execution:other:someone-else", status: "SUCCEEDED" } }),
      JSON.stringify({ source: "aws.sagemaker", "detail-type": "SageMaker Processing Job State Change", detail: { ProcessingJobName: "not-ours", ProcessingJobArn: "x", ProcessingJobStatus: "Completed", LastModifiedTime: 1 } }),
      JSON.stringify({ source: "evil", "detail-type": "Step Functions Execution Status Change", detail: {} }),
    ]);
    const live = consume();
    await tools.drained();
    expect(live.stats().unknown).toBe(4);
    expect(live.counter.total()).toBe(0);
    expect(await prisma.run.findMany({ select: { id: true, status: true, lastEventId: true }, orderBy: { id: "asc" } })).toEqual(before);
  });

  it("a wave of progress never holds back a run's end: ends spend a reserve of the read budget that progress cannot", async () => {
    const ended = await startedRun();
    await waitForExecutionEnd(engine, ended.executionArn ?? "");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = (await tools.peek()).map((m) => ({ body: m.Body ?? "", event: JSON.parse(m.Body ?? "{}") as { detail?: { status?: string; ProcessingJobStatus?: string } } }));
    const end = events.find((e) => e.event.detail?.status === "SUCCEEDED")?.body ?? "";
    const jobStarted = events.find((e) => e.event.detail?.ProcessingJobStatus === "InProgress")?.body ?? "";
    expect(end && jobStarted).toBeTruthy();
    const busy = [];
    for (let i = 0; i < 4; i++) busy.push(await prisma.run.findUniqueOrThrow({ where: { id: (await startRun(prisma, ds, { deploymentId: (await liveDeployment(world, ds, binding(BUCKET, "slow"))).id })).runId } }));
    await dropAllEvents();
    // Four running runs each announce a job starting (the shape the engine sent for the first run), then the first run ends.
    await tools.inject([...busy.map((run) => jobStarted.replaceAll(ended.executionName, run.executionName)), end]);
    // Three reads at once, two of them kept for ends, then one every 20 s: one progress read goes, the end at once.
    const live = startRunEventConsumer(prisma, environment, { readsPerSecond: 0.05, readBurst: 3, readReserve: 2, log: (message) => logs.push(message) });
    consumer = live;
    expect((await waitForRun(ended.id, finished, 5_000)).status).toBe("SUCCEEDED");
    expect(live.counter.calls.get("GetExecutionHistory")).toBeLessThanOrEqual(2);
    for (const run of busy) await engine.sfn.send(new StopExecutionCommand({ executionArn: run.executionArn ?? "" }));
  });

  it("a job that starts before the catalog has recorded its run's start is shown running once it has", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "slow"));
    const outcome = await startRun(prisma, ds, { deploymentId: deployment.id });
    const run = await prisma.run.findUniqueOrThrow({ where: { id: outcome.runId } });
    // The events arrive while the catalog still says PENDING (StartExecution's answer not committed yet).
    await prisma.run.update({ where: { id: run.id }, data: { status: "PENDING" } });
    consume();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await prisma.run.findUniqueOrThrow({ where: { id: run.id }, include: { steps: true } })).steps.every((s) => s.status === "PENDING")).toBe(true);
    await prisma.run.update({ where: { id: run.id }, data: { status: "RUNNING" } });
    const shown = await waitForRun(run.id, (r) => r.steps.some((s) => s.status === "RUNNING"), 15_000);
    expect(shown.steps.find((s) => s.status === "RUNNING")?.jobName).toContain(run.executionName);
    await engine.sfn.send(new StopExecutionCommand({ executionArn: run.executionArn ?? "" }));
  });

  it("a final status the history does not show is not believed: the run stays running and the message is tried again", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "slow"));
    const outcome = await startRun(prisma, ds, { deploymentId: deployment.id });
    const run = await prisma.run.findUniqueOrThrow({ where: { id: outcome.runId } });
    await dropAllEvents();
    const forged = { source: "aws.states", "detail-type": "Step Functions Execution Status Change", detail: { executionArn: run.executionArn, status: "SUCCEEDED", redriveCount: 0 } };
    await tools.inject([JSON.stringify(forged)]);
    const live = consume();
    const deadline = Date.now() + 15_000;
    while (live.stats().retried === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(live.stats().retried).toBeGreaterThanOrEqual(1);
    expect((await prisma.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("RUNNING");
    await engine.sfn.send(new StopExecutionCommand({ executionArn: run.executionArn ?? "" }));
  });
});

// Runs end to end on a real embedded engine: start (written first, then StartExecution), the reconciler's
// sync of status and steps, failures with the Python error, stop, a reconciler killed and restarted, and a
// crash between writing a run and starting it.
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { executeCommand } from "@/lib/commands/command";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { createRun } from "@/lib/runs/commands";
import { redrive, startRun, startRunsForModels, stop } from "@/lib/runs/operations";
import { startRuns } from "@/lib/runs/bulk-start";
import type { Worker } from "@/lib/worker/worker";
import { startTestWorker, waitForBulkStart } from "../jobs/worker";
import { executeQuery } from "@/lib/commands/query";
import { runDetailQuery, stepLogQuery } from "@/lib/runs/detail";
import { outputListQuery, outputPreviewQuery } from "@/lib/runs/outputs";
import { startReconciler, type Reconciler } from "@/lib/runs/reconciler";
import { EXECUTION_NAME_PATTERN } from "@/lib/pipelines/names";
import { readObject, stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectAppError, makeUser } from "../commands/world";
import { resetDatabase, testDatabaseUrl } from "../setup/db";
import { binding, liveDeployment, releasedPipeline, waitForRun, type RunWorld } from "./world";

const BUCKET = "ferry-runs-it";
let engine: TestEngine;
let ds: Actor;
let nobody: Actor;
let world: RunWorld;
let reconciler: Reconciler | null = null;

const fast = { minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 };
const finished = (run: { status: string }) => run.status !== "PENDING" && run.status !== "RUNNING";

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  ds = await makeUser(["DATA_SCIENTIST"]);
  nobody = await makeUser([]);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
}, 60_000);

let worker: Worker | null = null;

afterEach(async () => {
  await reconciler?.stop();
  reconciler = null;
  await worker?.stop();
  worker = null;
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

async function executionsNamed(name: string) {
  const listed = await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: world.stateMachineArn, maxResults: 1000 }));
  return (listed.executions ?? []).filter((e) => e.name === name);
}

describe("runs", () => {
  it("goes PENDING → RUNNING → SUCCEEDED with its three steps, each with job, times, instance and log", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const outcome = await startRun(prisma, ds, { deploymentId: deployment.id });
    expect(outcome.status).toBe("RUNNING");
    const started = await prisma.run.findUniqueOrThrow({ where: { id: outcome.runId } });
    expect(started.executionName).toMatch(EXECUTION_NAME_PATTERN);
    expect(started.executionArn).toContain(`:execution:`);
    reconciler = startReconciler({ db: prisma, ...fast });
    const seenRunning = await waitForRun(outcome.runId, (r) => r.steps.some((s) => s.status === "RUNNING") || finished(r));
    expect(["RUNNING", "SUCCEEDED"]).toContain(seenRunning.status);
    const run = await waitForRun(outcome.runId, finished);
    expect(run.status).toBe("SUCCEEDED");
    expect(run.steps.map((s) => [s.name, s.status])).toEqual(run.steps.map((s) => [s.name, "SUCCEEDED"]));
    for (const step of run.steps) {
      expect(step.jobName).toMatch(new RegExp(`^${run.executionName}-\\w+-0-0$`));
      expect(step.startedAt?.getTime()).toBeLessThanOrEqual(step.endedAt?.getTime() ?? 0);
      expect(step.instanceType).toBe("ml.m5.xlarge");
      expect(step.logUri).toBe(`cloudwatch://us-east-1/aws/sagemaker/ProcessingJobs/${step.jobName}/`);
      expect(step.attempts).toBe(1);
    }
    expect(run.lastEventId).toBeGreaterThan(0);
    expect(run.stoppedAt).not.toBeNull();
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: run.id } });
    expect(audit).toMatchObject({ action: "runs.create", actorId: ds.id });
    expect(await readObject(engine.s3, BUCKET, `runs/${run.executionName}/post/final/report.json`)).toContain("rows");
  }, 120_000);

  it("shows a failing script as FAILED with the Python error on the failed step", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "failing"));
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    reconciler = startReconciler({ db: prisma, ...fast });
    const run = await waitForRun(runId, finished);
    expect(run.status).toBe("FAILED");
    const [pre, ...rest] = run.steps;
    expect(pre?.status).toBe("FAILED");
    expect(pre?.failureReason).toMatch(/Error/);
    expect(rest.map((s) => s.status)).toEqual(["PENDING", "PENDING"]);
    const stored = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(stored.cause).toContain("Traceback");
    expect(stored.failureGroup).toBeTruthy();
    expect(stored.failureGroup).not.toContain(stored.executionName);
  }, 120_000);

  it("stops a running run: ABORTED, its step STOPPED", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "slow"));
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    reconciler = startReconciler({ db: prisma, ...fast });
    await waitForRun(runId, (r) => r.steps[0]?.status === "RUNNING");
    await stop(prisma, ds, { runId });
    const run = await waitForRun(runId, finished);
    expect(run.status).toBe("ABORTED");
    expect(run.steps[0]?.status).toBe("STOPPED");
    await expectAppError(() => stop(prisma, ds, { runId }), "CONFLICT");
  }, 120_000);

  it("loses nothing and duplicates nothing when the reconciler is killed mid-run and restarted", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    reconciler = startReconciler({ db: prisma, ...fast });
    await waitForRun(runId, (r) => r.steps[0]?.status !== "PENDING");
    await reconciler.stop();
    const frozen = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    // Let the engine move on while nobody watches.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await prisma.run.findUniqueOrThrow({ where: { id: runId } })).lastEventId).toBe(frozen.lastEventId);
    reconciler = startReconciler({ db: prisma, ...fast });
    const run = await waitForRun(runId, finished);
    expect(run.status).toBe("SUCCEEDED");
    expect(run.steps.map((s) => [s.status, s.attempts])).toEqual([["SUCCEEDED", 1], ["SUCCEEDED", 1], ["SUCCEEDED", 1]]);
    expect(await executionsNamed(run.executionName)).toHaveLength(1);
  }, 120_000);

  it("recovers a run written but never started (crash before StartExecution), starting it once", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const { id, executionName } = await executeCommand(prisma, createRun, ds, { deploymentId: deployment.id });
    expect(await executionsNamed(executionName)).toHaveLength(0);
    reconciler = startReconciler({ db: prisma, ...fast });
    const run = await waitForRun(id, finished);
    expect(run.status).toBe("SUCCEEDED");
    expect(await executionsNamed(executionName)).toHaveLength(1);
  }, 120_000);

  it("recovers a run started but not recorded (crash after StartExecution) without starting it again", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const { id, executionName } = await executeCommand(prisma, createRun, ds, { deploymentId: deployment.id });
    const written = await prisma.run.findUniqueOrThrow({ where: { id } });
    await engine.sfn.send(new StartExecutionCommand({ stateMachineArn: world.stateMachineArn, name: executionName, input: JSON.stringify(written.input) }));
    reconciler = startReconciler({ db: prisma, ...fast });
    const run = await waitForRun(id, finished);
    expect(run.status).toBe("SUCCEEDED");
    expect(reconciler.counter.calls.get("StartExecution") ?? 0).toBe(0);
    expect(await executionsNamed(executionName)).toHaveLength(1);
  }, 120_000);

  it("redrives a failed run from its failed step once the script is fixed", async () => {
    const parameters = binding(BUCKET, "failing");
    const deployment = await liveDeployment(world, ds, parameters);
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    reconciler = startReconciler({ db: prisma, ...fast });
    const failed = await waitForRun(runId, finished);
    expect(failed.status).toBe("FAILED");
    await expectAppError(() => redrive(prisma, nobody, { runId }), "FORBIDDEN");
    await redrive(prisma, ds, { runId });
    // The failing script still fails: the redrive ran the failed step again (redrive count 1) and only it.
    const again = await waitForRun(runId, (r) => finished(r) && r.status === "FAILED");
    const stored = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    expect(stored.redriveCount).toBe(1);
    expect(again.steps[0]?.status).toBe("FAILED");
    expect(stored.steps.find((s) => s.position === 0)?.jobName).toMatch(/-pre-1-0$/);
  }, 120_000);

  it("refuses to start from a deployment that is not live, and reports each model of a bulk start", async () => {
    const live = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const pending = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    await prisma.deployment.update({ where: { id: pending.id }, data: { status: "PENDING_APPROVAL" } });
    const refused = await expectAppError(() => startRun(prisma, ds, { deploymentId: pending.id }), "CONFLICT");
    expect(refused.userMessage).toContain("not live");
    await expectAppError(() => startRun(prisma, nobody, { deploymentId: live.id }), "FORBIDDEN");
    const { bulkStartId } = await startRuns(prisma, ds, { deploymentIds: [live.id, pending.id] });
    worker = await startTestWorker(prisma, testDatabaseUrl());
    const { items } = await waitForBulkStart(prisma, ds, bulkStartId);
    expect(items.map((i) => i.status)).toEqual(["STARTED", "REFUSED"]);
    expect(items[1]?.message).toContain("not live");
    await stop(prisma, ds, { runId: items[0]?.runId ?? "" });
  }, 60_000);

  it("keeps the monitor live without a reconciler, and serves logs and outputs only from the run's own prefix", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    // No reconciler: the monitor's own read brings the run up to date once it is 5 s stale.
    let status = "RUNNING";
    for (let i = 0; i < 60 && status === "RUNNING"; i++) {
      await prisma.run.update({ where: { id: runId }, data: { lastSyncedAt: new Date(Date.now() - 60_000) } });
      status = (await executeQuery(prisma, runDetailQuery, ds, { id: runId })).status;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(status).toBe("SUCCEEDED");
    const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
    const log = await executeQuery(prisma, stepLogQuery, ds, { id: runId, step: run.steps[0]?.name });
    expect(log.available).toBe(true);
    expect(log.text).toContain("[ferry]");
    // Read from CloudWatch Logs, page by page: at the end the same token comes back, with nothing more.
    const end = await executeQuery(prisma, stepLogQuery, ds, { id: runId, step: run.steps[0]?.name, offset: log.next ?? undefined });
    expect(end).toMatchObject({ text: "", next: log.next });
    await expectAppError(() => executeQuery(prisma, stepLogQuery, ds, { id: runId, step: run.steps[0]?.name, offset: "f/../../etc/passwd" }), "INVALID_INPUT");

    const root = await executeQuery(prisma, outputListQuery, ds, { id: runId });
    expect(root.prefix).toBe(`runs/${run.executionName}/`);
    expect(root.folders).toEqual(expect.arrayContaining([`runs/${run.executionName}/pre/`, `runs/${run.executionName}/post/`]));
    const features = await executeQuery(prisma, outputListQuery, ds, { id: runId, prefix: `runs/${run.executionName}/pre/features/` });
    const csv = features.objects.find((o) => o.key.endsWith(".csv"));
    expect(csv).toBeDefined();
    const preview = await executeQuery(prisma, outputPreviewQuery, ds, { id: runId, key: csv?.key });
    expect(preview.rows?.length).toBeGreaterThan(1);
    await expectAppError(() => executeQuery(prisma, outputListQuery, ds, { id: runId, prefix: "data/input/" }), "INVALID_INPUT");
    await expectAppError(() => executeQuery(prisma, outputPreviewQuery, ds, { id: runId, key: `runs/${run.executionName}/../../code/scripts/preprocess.py` }), "INVALID_INPUT");
    await expectAppError(() => executeQuery(prisma, outputListQuery, nobody, { id: runId }), "FORBIDDEN");
  }, 120_000);

  it("never starts a run stopped before it started", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const { id, executionName } = await executeCommand(prisma, createRun, ds, { deploymentId: deployment.id });
    await stop(prisma, ds, { runId: id });
    reconciler = startReconciler({ db: prisma, ...fast });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await prisma.run.findUniqueOrThrow({ where: { id } })).status).toBe("ABORTED");
    expect(await executionsNamed(executionName)).toHaveLength(0);
  }, 60_000);

  it("refuses to start a deployment without a published version, and starts nothing", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    await prisma.deployment.update({ where: { id: deployment.id }, data: { stateMachineVersionArn: null } });
    const outcome = await startRun(prisma, ds, { deploymentId: deployment.id });
    expect(outcome).toMatchObject({ status: "FAILED", executionArn: null });
    const run = await prisma.run.findUniqueOrThrow({ where: { id: outcome.runId } });
    expect(run).toMatchObject({ status: "FAILED", error: "Ferry.ApprovalMismatch", executionArn: null });
    expect(await executionsNamed(run.executionName)).toHaveLength(0);
  });

  it("refuses to start when the approved version ARN now names another revision (machine re-created), and starts nothing", async () => {
    // Its own released machine: this test re-creates it the way someone with AWS access could.
    const own = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
    const name = own.stateMachineArn.split(":").pop() ?? "";
    const { definition = "", roleArn } = await engine.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: own.versionArn }));
    // Same content, new text: a second revision, published as version 2, is what this deployment approved.
    const respaced = JSON.stringify(JSON.parse(definition), null, 1);
    const republish = () => engine.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: own.stateMachineArn, definition: respaced, publish: true }));
    const approved = await republish();
    const deployment = await liveDeployment({ ...own, versionArn: approved.stateMachineVersionArn ?? "", revisionId: approved.revisionId ?? null }, ds, binding(BUCKET, "scripts"));
    await engine.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: own.stateMachineArn }));
    await engine.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn, publish: true }));
    expect((await republish()).stateMachineVersionArn).toBe(approved.stateMachineVersionArn);

    const outcome = await startRun(prisma, ds, { deploymentId: deployment.id });
    expect(outcome.status).toBe("FAILED");
    const run = await prisma.run.findUniqueOrThrow({ where: { id: outcome.runId } });
    expect(run).toMatchObject({ status: "FAILED", error: "Ferry.ApprovalMismatch", executionArn: null });
    expect(run.cause).toContain(`the approved one ${approved.revisionId}`);
    expect((await engine.sfn.send(new ListExecutionsCommand({ stateMachineArn: own.stateMachineArn }))).executions).toEqual([]);
  });

  it("starts the selected models' live deployments and reports a model without one", async () => {
    const live = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
    const orphan = await prisma.model.create({ data: { slug: `orphan-${Date.now()}`, displayName: "Orphan", team: "risk", ownerId: ds.id } });
    const queued = await startRunsForModels(prisma, ds, { modelIds: [live.modelId, orphan.id] });
    expect(queued).toMatchObject({ total: 1, withoutLiveDeployment: [orphan.id] });
    worker = await startTestWorker(prisma, testDatabaseUrl());
    const { items } = await waitForBulkStart(prisma, ds, queued.bulkStartId ?? "");
    expect(items).toMatchObject([{ deploymentId: live.id, status: "STARTED" }]);
    expect((await waitForRun(items[0]?.runId ?? "", finished)).status).toBe("SUCCEEDED");
  }, 120_000);
});

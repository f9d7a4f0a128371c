// The views users of the Step Functions console and Airflow expect (issue 16), on real runs of the fixture model
// in a real engine: the event history, a run started with edited input (and what may not be edited), the grid
// of runs × steps, the comparison of runs with a diff of their output CSVs, and a failure told to its starter.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { runEvents } from "@/lib/runs/history-events";
import { rerun, startRun } from "@/lib/runs/operations";
import { runInputEdits, getRun, startInputQuery } from "@/lib/runs/detail";
import { executeQuery } from "@/lib/commands/query";
import { runGrid } from "@/lib/runs/grid";
import { compareRuns } from "@/lib/runs/compare";
import { startReconciler, type Reconciler } from "@/lib/runs/reconciler";
import { FIXTURES, stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { expectRefusedWithoutChange, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { binding, liveDeployment, releasedPipeline, waitForRun, type RunWorld } from "./world";

const BUCKET = "ferry-views-it";
let engine: TestEngine;
let ds: Actor;
let world: RunWorld;
let reconciler: Reconciler;
let good: { deploymentId: string; modelId: string; runId: string };
let edited: string;
const finished = (run: { status: string }) => run.status !== "PENDING" && run.status !== "RUNNING";

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  ds = await makeUser(["DATA_SCIENTIST"]);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
  reconciler = startReconciler({ db: prisma, minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 });
  const deployment = await liveDeployment(world, ds, binding(BUCKET, "scripts"));
  const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
  await waitForRun(runId, finished, 120_000);
  good = { deploymentId: deployment.id, modelId: deployment.modelId, runId };
}, 180_000);

afterAll(async () => {
  await reconciler.stop();
  await engine.close();
  await disconnectPrisma();
});

describe("the event history", () => {
  it("lists every event in order with its state, elapsed time, and each state's input and output", async () => {
    const history = await runEvents(prisma, good.runId);
    if (!history.available) throw new Error(history.reason);
    const { events } = history;
    expect(events[0]?.type).toBe("ExecutionStarted");
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
    expect(events.map((e) => e.id)).toEqual([...events.keys()].map((i) => i + 1));
    const run = await prisma.run.findUniqueOrThrow({ where: { id: good.runId }, include: { steps: { orderBy: { position: "asc" } } } });
    const entered = events.filter((e) => e.type === "TaskStateEntered");
    expect(entered.map((e) => e.step)).toEqual(run.steps.map((s) => s.name));
    for (const event of entered) expect(event.input).toHaveProperty("Steps");
    expect(events.filter((e) => e.type === "TaskStateExited").every((e) => e.output !== undefined)).toBe(true);
    expect(events.filter((e) => e.type === "TaskScheduled").every((e) => e.step !== null && e.resource?.includes("createProcessingJob"))).toBe(true);
    const elapsed = events.map((e) => e.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
  });

  it("shows a failure with its error, and tells the starter once", async () => {
    const broken = await liveDeployment(world, ds, binding(BUCKET, "failing"));
    const { runId } = await startRun(prisma, ds, { deploymentId: broken.id });
    await waitForRun(runId, finished, 120_000);
    const history = await runEvents(prisma, runId);
    expect(history.available && history.events.find((e) => e.type === "TaskFailed")).toMatchObject({ step: expect.any(String), error: expect.any(String) });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const notices = await prisma.notification.findMany({ where: { userId: ds.id, link: `/runs/${runId}` } });
    expect(notices.map((n) => n.message)).toEqual([expect.stringMatching(/^Your run .* failed at /)]);
  }, 150_000);

  it("says plainly when a run has not reached Step Functions", async () => {
    const run = await prisma.run.create({ data: { deploymentId: good.deploymentId, modelId: good.modelId, pipelineVersionId: world.pipelineVersionId, environmentId: world.environmentId, executionName: "never-started-0001", input: {}, startedById: ds.id, status: "PENDING" } });
    expect(await runEvents(prisma, run.id)).toMatchObject({ available: false, reason: expect.stringContaining("has not started") });
    await prisma.run.delete({ where: { id: run.id } });
  });
});

describe("a run started with edited input", () => {
  it("runs with the changed data location and job size, recorded on the run and in the audit", async () => {
    // A smaller day of data inside the approved input prefix.
    const lines = (await readFile(path.join(FIXTURES, "data/customers.csv"), "utf8")).split("\n").filter(Boolean);
    await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "data/input/small/customers.csv", Body: `${lines.slice(0, 12).join("\n")}\n` }));
    const start = await executeQuery(prisma, startInputQuery, ds, { runId: good.runId });
    const input = structuredClone(start.input) as { InputUri: string; Steps: Record<string, { InstanceType: string }> };
    input.InputUri = `s3://${BUCKET}/data/input/small/`;
    input.Steps.pre = { ...input.Steps.pre, InstanceType: "ml.m5.2xlarge" };
    const { runId } = await rerun(prisma, ds, { runId: good.runId, input });
    edited = runId;
    const run = await waitForRun(runId, finished, 120_000);
    expect(run.status).toBe("SUCCEEDED");
    const stored = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(stored.input).toMatchObject({ InputUri: `s3://${BUCKET}/data/input/small/`, Steps: { pre: { InstanceType: "ml.m5.2xlarge" } } });
    // The job really ran on the edited size (SageMaker's own description of it).
    expect(stored.steps[0]?.instanceType).toBe("ml.m5.2xlarge");
    const detail = await getRun(prisma, runId);
    expect((await runInputEdits(prisma, detail!)).map((e) => e.path)).toEqual(["InputUri", "Steps.pre.InstanceType"]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: runId, action: "runs.rerun" } });
    expect(audit.summary).toContain("with edited input (InputUri, Steps.pre.InstanceType)");
    expect(audit.details).toMatchObject({ edited: [{ path: "InputUri", to: `s3://${BUCKET}/data/input/small/` }, { path: "Steps.pre.InstanceType", from: "ml.m5.xlarge", to: "ml.m5.2xlarge" }] });
  }, 150_000);

  it.each([
    ["other code", (i: Record<string, unknown>) => ({ ...i, CodeUri: `s3://${BUCKET}/code/failing/` }), "input.CodeUri"],
    ["another image", (i: Record<string, unknown>) => ({ ...i, Steps: { ...(i.Steps as object), infer: { ...((i.Steps as Record<string, object>).infer ?? {}), ImageUri: "000000000000.dkr.ecr.us-east-1.amazonaws.com/evil:1" } } }), "input.Steps.infer.ImageUri"],
    ["another role", (i: Record<string, unknown>) => ({ ...i, RoleArn: "arn:aws:iam::000000000000:role/admin" }), "input.RoleArn"],
    ["data outside the approved prefix", (i: Record<string, unknown>) => ({ ...i, InputUri: `s3://${BUCKET}/code/scripts/` }), "input.InputUri"],
    ["an instance type SageMaker does not have", (i: Record<string, unknown>) => ({ ...i, Steps: { ...(i.Steps as object), pre: { ...((i.Steps as Record<string, object>).pre ?? {}), InstanceType: "ml.huge" } } }), "input.Steps.pre.InstanceType"],
  ])("refuses %s at its field, starting and writing nothing", async (_, change, field) => {
    const { input } = await executeQuery(prisma, startInputQuery, ds, { deploymentId: good.deploymentId });
    const error = await expectRefusedWithoutChange(() => startRun(prisma, ds, { deploymentId: good.deploymentId, input: change(input as Record<string, unknown>) }), "INVALID_INPUT");
    expect(Object.keys(error.fieldErrors ?? {})).toContain(field);
  });

  it("refuses a caller who may not start runs, before looking at the input", async () => {
    const viewer = await makeUser([]);
    await expectRefusedWithoutChange(() => startRun(prisma, viewer, { deploymentId: good.deploymentId, input: { RoleArn: "x" } }), "FORBIDDEN");
    await expectRefusedWithoutChange(() => executeQuery(prisma, startInputQuery, viewer, { deploymentId: good.deploymentId }), "FORBIDDEN");
  });
});

describe("the grid of runs × steps", () => {
  it("puts a model's runs oldest first as columns, its steps as rows, each cell the step's status", async () => {
    const grid = await runGrid(prisma, { modelId: good.modelId });
    expect(grid.runs.map((r) => r.id)).toEqual([good.runId, edited]);
    const run = await prisma.run.findUniqueOrThrow({ where: { id: good.runId }, include: { steps: { orderBy: { position: "asc" } } } });
    expect(grid.steps).toEqual(run.steps.map((s) => s.name));
    expect(grid.runs.every((r) => grid.steps.every((s) => r.cells[s]?.status === "SUCCEEDED"))).toBe(true);
  });

  it("for a pipeline, holds every model's runs on it", async () => {
    const version = await prisma.pipelineVersion.findUniqueOrThrow({ where: { id: world.pipelineVersionId }, select: { pipelineId: true } });
    const grid = await runGrid(prisma, { pipelineId: version.pipelineId });
    expect(new Set(grid.runs.map((r) => r.model)).size).toBe(2);
    expect(grid.runs.some((r) => Object.values(r.cells).some((c) => c.status === "FAILED"))).toBe(true);
  });
});

describe("comparing runs", () => {
  it("shows the parameters that differ, the code, durations, outputs and a diff of the CSVs both wrote", async () => {
    const comparison = await compareRuns(prisma, [good.runId, edited]);
    expect(comparison.runs.map((r) => r.id)).toEqual([good.runId, edited]);
    // Outputs go under each run's own execution name, so OutputUri itself is the same.
    expect(comparison.parameters.map((p) => p.label)).toEqual(["InputUri", "Steps.pre.InstanceType"]);
    expect(comparison.parameters.find((p) => p.label === "Steps.pre.InstanceType")?.values).toEqual(["ml.m5.xlarge", "ml.m5.2xlarge"]);
    expect(comparison.code.find((r) => r.label === "Code")).toMatchObject({ differs: false });
    expect(comparison.durations[0]).toMatchObject({ label: "Whole run", values: [expect.any(Number), expect.any(Number)] });
    expect(comparison.outputs.some((o) => o.label.endsWith("report.json") && o.values.every((v) => v !== null))).toBe(true);
    const diff = comparison.csvDiffs[0]?.against[0];
    expect(diff?.lines.some((l) => l.kind === "removed")).toBe(true);
  });
});

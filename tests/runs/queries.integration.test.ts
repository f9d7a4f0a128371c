// The read side of runs on a seeded database: keyset pages with filters, failure groups, a model's history
// and the dashboard's aggregates (raw SQL included), and bulk actions resolved from a filter string. Outcomes
// are counted as they are: a run with caught failures is no success, a stopped run is no failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { ensureEmbeddedEnvironment } from "@/lib/environments/embedded";
import { executeCommand } from "@/lib/commands/command";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { dashboard } from "@/lib/runs/dashboard";
import { OUTCOMES, type Outcome } from "@/lib/runs/status";
import { filtersFromSearchParams, RunFilters } from "@/lib/runs/filters";
import { modelRunHistory } from "@/lib/runs/model-history";
import { bulkOnFiltered, startRunsForModels } from "@/lib/runs/operations";
import { failureGroups, listRuns } from "@/lib/runs/list";
import { expectAppError, makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { makeRunFixtures } from "./command-fixtures";

let ds: Actor;
let nobody: Actor;
let modelId: string;
let otherModelId: string;

beforeAll(async () => {
  await resetDatabase();
  ds = await makeUser(["DATA_SCIENTIST"]);
  nobody = await makeUser([]);
  const mlops = await makeUser(["MLOPS_ENGINEER"]);
  const environment = await ensureEmbeddedEnvironment(prisma, "us-east-1");
  const pipeline = await executeCommand(prisma, createPipeline, mlops, { name: "queries-it" });
  const version = await executeCommand(prisma, publishPipelineVersion, mlops, { pipelineId: pipeline.id });
  const [a, b] = [await makeRunFixtures(ds, version.id, environment.id), await makeRunFixtures(ds, version.id, environment.id)];
  const deployments = await prisma.deployment.findMany({ where: { id: { in: [a.deploymentId, b.deploymentId] } } });
  modelId = deployments.find((d) => d.id === a.deploymentId)?.modelId ?? "";
  otherModelId = deployments.find((d) => d.id === b.deploymentId)?.modelId ?? "";
  // 120 finished runs of the first model, a minute apart, every third failed with the same reason.
  const base = Date.now() - 3 * 3600_000;
  await prisma.run.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      deploymentId: a.deploymentId,
      modelId,
      pipelineVersionId: version.id,
      environmentId: environment.id,
      executionName: `seeded-${i}`,
      status: i % 3 === 0 ? ("FAILED" as const) : ("SUCCEEDED" as const),
      failureGroup: i % 3 === 0 ? "SageMaker.AmazonSageMakerException: KeyError: 'customer_id'" : null,
      input: {},
      startedById: ds.id,
      createdAt: new Date(base + i * 60_000),
      startedAt: new Date(base + i * 60_000),
      stoppedAt: new Date(base + i * 60_000 + 30_000),
    })),
  });
  // The other model: 6 runs whose failed step was caught, and 10 stopped runs carrying a failure group as runs
  // recorded before stopped runs were told apart did (the query must leave them out all the same).
  const outcome = (i: number, status: "SUCCEEDED_WITH_FAILED_STEPS" | "ABORTED", failureGroup: string) => ({
    deploymentId: b.deploymentId,
    modelId: otherModelId,
    pipelineVersionId: version.id,
    environmentId: environment.id,
    executionName: `seeded-${status.toLowerCase()}-${i}`,
    status,
    failureGroup,
    input: {},
    startedById: ds.id,
    createdAt: new Date(base + i * 60_000),
    startedAt: new Date(base + i * 60_000),
    stoppedAt: new Date(base + i * 60_000 + 30_000),
  });
  await prisma.run.createMany({
    data: [
      ...Array.from({ length: 6 }, (_, i) => outcome(i, "SUCCEEDED_WITH_FAILED_STEPS", CAUGHT_GROUP)),
      ...Array.from({ length: 10 }, (_, i) => outcome(i, "ABORTED", STOPPED_GROUP)),
    ],
  });
  // A stopped step that "ran" ten hours must not top the slowest steps; a finished one of 30 s is counted.
  const [stopped, caught] = await Promise.all([
    prisma.run.findFirstOrThrow({ where: { executionName: "seeded-aborted-0" } }),
    prisma.run.findFirstOrThrow({ where: { executionName: "seeded-succeeded_with_failed_steps-0" } }),
  ]);
  await prisma.runStep.createMany({
    data: [
      { runId: stopped.id, name: "Stopped step", position: 0, status: "STOPPED", startedAt: new Date(base), endedAt: new Date(base + 10 * 3600_000) },
      { runId: caught.id, name: "Finished step", position: 0, status: "SUCCEEDED", startedAt: new Date(base), endedAt: new Date(base + 30_000) },
    ],
  });
});

const CAUGHT_GROUP = "States.TaskFailed: ValueError: bad score";
const STOPPED_GROUP = "Ferry.Stopped: Stopped by ds@ferry.local";

afterAll(() => disconnectPrisma());

describe("runs queries", () => {
  it("pages through every run once, newest first, with keyset cursors", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let previous = Infinity;
    do {
      const page = await listRuns(prisma, RunFilters.parse({ cursor }), 50);
      for (const run of page.runs) {
        expect(run.createdAt.getTime()).toBeLessThanOrEqual(previous);
        previous = run.createdAt.getTime();
        seen.push(run.id);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(140);
    expect(new Set(seen).size).toBe(140);
  });

  it("filters by status, model and failure reason from URL values", async () => {
    const failed = await listRuns(prisma, filtersFromSearchParams({ status: "FAILED", modelId }), 200);
    expect(failed.runs).toHaveLength(41);
    expect(failed.runs.every((r) => r.status === "FAILED" && r.model.id === modelId)).toBe(true);
    const other = await listRuns(prisma, filtersFromSearchParams({ modelId: otherModelId }), 200);
    expect(other.runs).toHaveLength(18);
    const failures = await listRuns(prisma, filtersFromSearchParams({ status: "FAILED,TIMED_OUT" }), 200);
    expect(failures.runs).toHaveLength(42);
    const caught = await listRuns(prisma, filtersFromSearchParams({ status: "SUCCEEDED_WITH_FAILED_STEPS" }), 200);
    expect(caught.runs.map((r) => r.status)).toEqual(Array(6).fill("SUCCEEDED_WITH_FAILED_STEPS"));
    const group = await listRuns(prisma, filtersFromSearchParams({ failureGroup: "SageMaker.AmazonSageMakerException: KeyError: 'customer_id'" }), 200);
    expect(group.runs).toHaveLength(40);
  });

  it("groups failures by reason across models, caught failures included and stopped runs never", async () => {
    const groups = await failureGroups(prisma);
    expect(groups[0]).toMatchObject({ failureGroup: "SageMaker.AmazonSageMakerException: KeyError: 'customer_id'", runs: 40, failed: 40, models: 1 });
    expect(groups.find((g) => g.failureGroup === CAUGHT_GROUP)).toMatchObject({ runs: 6, failed: 0, models: 1 });
    expect(groups.map((g) => g.failureGroup)).not.toContain(STOPPED_GROUP);
  });

  it("gives a model's success rate and duration trend", async () => {
    const history = await modelRunHistory(prisma, modelId, 30);
    expect(history.runs).toHaveLength(30);
    expect(history.successRate).toBeGreaterThan(0.5);
    expect(history.trend.every((t) => t.seconds === 30)).toBe(true);
  });

  it("does not count runs with failed steps as successes, nor stopped runs as failures, on the model page", async () => {
    const history = await modelRunHistory(prisma, otherModelId, 30);
    expect(history).toMatchObject({ successRate: 0, finished: 7, withFailedSteps: 6, stopped: 10 });
  });

  it("computes the dashboard's aggregates", async () => {
    const data = await dashboard(prisma);
    expect(data.board.burndown).toHaveLength(30);
    expect(data.board.burndown.at(-1)?.remaining).toBe(2);
    expect(data.perDay).toHaveLength(14);
    const total = (outcome: Outcome) => data.perDay.reduce((n, day) => n + day[outcome], 0);
    expect(Object.fromEntries(OUTCOMES.map((o) => [o, total(o)]))).toEqual({ SUCCEEDED: 80, SUCCEEDED_WITH_FAILED_STEPS: 6, FAILED: 42, TIMED_OUT: 0, ABORTED: 10 });
    expect(data.activeCount).toBe(2);
    expect(data.groups[0]?.runs).toBe(40);
    expect(data.groups.map((g) => g.failureGroup)).not.toContain(STOPPED_GROUP);
    expect(data.slowest.map((s) => s.name)).toEqual(["Finished step"]);
  });

  it("resolves a bulk action's set from the filters on the server, and only for callers who may start runs", async () => {
    await expectAppError(() => bulkOnFiltered(prisma, nobody, { action: "rerun", filters: "status=FAILED" }), "FORBIDDEN");
    // A crafted request: what the typed signature rules out can still arrive from a browser.
    const crafted = JSON.parse('{ "action": "explode", "filters": "" }') as Parameters<typeof bulkOnFiltered>[2];
    await expectAppError(() => bulkOnFiltered(prisma, ds, crafted), "INVALID_INPUT");
  });

  it("refuses the models list's 'Run selected' to a caller without runs:start, and a crafted list, before starting anything", async () => {
    const before = await prisma.run.count();
    await expectAppError(() => startRunsForModels(prisma, nobody, { modelIds: [modelId] }), "FORBIDDEN");
    await expectAppError(() => startRunsForModels(prisma, ds, { modelIds: ["1 OR 1=1"] }), "INVALID_INPUT");
    await expectAppError(() => startRunsForModels(prisma, ds, { modelIds: Array.from({ length: 501 }, () => modelId) }), "INVALID_INPUT");
    expect(await prisma.run.count()).toBe(before);
  });
});

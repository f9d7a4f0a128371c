// The read side of runs on a seeded database: keyset pages with filters, failure groups, a model's history
// and the dashboard's aggregates (raw SQL included), and bulk actions resolved from a filter string.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { ensureEmbeddedEnvironment } from "@/lib/environments/embedded";
import { executeCommand } from "@/lib/commands/command";
import { createPipeline, publishPipelineVersion } from "@/lib/pipelines/commands";
import { dashboard } from "@/lib/runs/dashboard";
import { filtersFromSearchParams, RunFilters } from "@/lib/runs/filters";
import { modelRunHistory } from "@/lib/runs/model-history";
import { bulkOnFiltered } from "@/lib/runs/operations";
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
});

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
    expect(seen).toHaveLength(124);
    expect(new Set(seen).size).toBe(124);
  });

  it("filters by status, model and failure reason from URL values", async () => {
    const failed = await listRuns(prisma, filtersFromSearchParams({ status: "FAILED", modelId }), 200);
    expect(failed.runs).toHaveLength(41);
    expect(failed.runs.every((r) => r.status === "FAILED" && r.model.id === modelId)).toBe(true);
    const other = await listRuns(prisma, filtersFromSearchParams({ modelId: otherModelId }), 200);
    expect(other.runs).toHaveLength(2);
    const group = await listRuns(prisma, filtersFromSearchParams({ failureGroup: "SageMaker.AmazonSageMakerException: KeyError: 'customer_id'" }), 200);
    expect(group.runs).toHaveLength(40);
  });

  it("groups failures by reason across models", async () => {
    const groups = await failureGroups(prisma);
    expect(groups[0]).toMatchObject({ failureGroup: "SageMaker.AmazonSageMakerException: KeyError: 'customer_id'", runs: 40, models: 1 });
  });

  it("gives a model's success rate and duration trend", async () => {
    const history = await modelRunHistory(prisma, modelId, 30);
    expect(history.runs).toHaveLength(30);
    expect(history.successRate).toBeGreaterThan(0.5);
    expect(history.trend.every((t) => t.seconds === 30)).toBe(true);
  });

  it("computes the dashboard's aggregates", async () => {
    const data = await dashboard(prisma);
    expect(data.board.burndown).toHaveLength(30);
    expect(data.board.burndown.at(-1)?.remaining).toBe(2);
    expect(data.last24h.reduce((n, s) => n + s.runs, 0)).toBe(124);
    expect(data.activeCount).toBe(2);
    expect(data.groups[0]?.runs).toBe(40);
  });

  it("resolves a bulk action's set from the filters on the server, and only for callers who may start runs", async () => {
    await expectAppError(() => bulkOnFiltered(prisma, nobody, { action: "rerun", filters: "status=FAILED" }), "FORBIDDEN");
    // A crafted request: what the typed signature rules out can still arrive from a browser.
    const crafted = JSON.parse('{ "action": "explode", "filters": "" }') as Parameters<typeof bulkOnFiltered>[2];
    await expectAppError(() => bulkOnFiltered(prisma, ds, crafted), "INVALID_INPUT");
  });
});

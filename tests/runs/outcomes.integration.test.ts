// A run with a caught failure, replayed for real: the fixture model on the template pipeline, whose last step
// records its error and goes on ("continue"), with a postprocess.py that raises. Step Functions says SUCCEEDED;
// the reconciler must say "succeeded with failed steps" and every count must agree.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { runsPerDay } from "@/lib/runs/dashboard";
import { filtersFromSearchParams } from "@/lib/runs/filters";
import { modelRunHistory } from "@/lib/runs/model-history";
import { startRun, stop } from "@/lib/runs/operations";
import { failureGroups, listRuns } from "@/lib/runs/list";
import { startReconciler, type Reconciler } from "@/lib/runs/reconciler";
import { FIXTURES, readObject, stageLegacyModel } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { makeUser } from "../commands/world";
import { resetDatabase } from "../setup/db";
import { binding, liveDeployment, releasedPipeline, waitForRun, type RunWorld } from "./world";

const BUCKET = "ferry-outcomes-it";
let engine: TestEngine;
let ds: Actor;
let world: RunWorld;
let reconciler: Reconciler | null = null;
const fast = { minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 };
const finished = (run: { status: string }) => run.status !== "PENDING" && run.status !== "RUNNING";

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await stageLegacyModel(engine, BUCKET);
  // code/post-fails/: the working preprocess.py and a postprocess.py that raises.
  await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "code/post-fails/preprocess.py", Body: await readObject(engine.s3, BUCKET, "code/scripts/preprocess.py") }));
  await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "code/post-fails/postprocess.py", Body: await readFile(path.join(FIXTURES, "failing-post", "postprocess.py")) }));
  ds = await makeUser(["DATA_SCIENTIST"]);
  world = await releasedPipeline(engine, await makeUser(["MLOPS_ENGINEER"]), BUCKET);
}, 60_000);

afterEach(async () => {
  await reconciler?.stop();
  reconciler = null;
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("run outcomes", () => {
  it("says 'succeeded with failed steps' when the last step's failure was caught, and counts it so everywhere", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "post-fails"));
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    reconciler = startReconciler({ db: prisma, ...fast });
    const run = await waitForRun(runId, finished, 120_000);

    expect(run.status).toBe("SUCCEEDED_WITH_FAILED_STEPS");
    expect(run.steps.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED"]);
    expect(run.steps[2]?.failureReason).toContain("ValueError");
    const stored = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    // Grouped exactly as an uncaught run of the same bug would be, numbers taken out.
    expect(stored).toMatchObject({ error: "States.TaskFailed", failureGroup: "States.TaskFailed: ValueError: score column has N empty values" });

    const succeeded = await listRuns(prisma, filtersFromSearchParams({ status: "SUCCEEDED", modelId: deployment.modelId }));
    expect(succeeded.runs).toHaveLength(0);
    const caught = await listRuns(prisma, filtersFromSearchParams({ status: "SUCCEEDED_WITH_FAILED_STEPS", modelId: deployment.modelId }));
    expect(caught.runs.map((r) => r.id)).toEqual([runId]);
    expect(await modelRunHistory(prisma, deployment.modelId)).toMatchObject({ successRate: 0, finished: 1, withFailedSteps: 1 });
    expect((await failureGroups(prisma)).find((g) => g.failureGroup === stored.failureGroup)).toMatchObject({ runs: 1, failed: 0 });
    expect((await runsPerDay(prisma)).reduce((n, day) => n + day.SUCCEEDED_WITH_FAILED_STEPS, 0)).toBe(1);

    // The starter hears of it once, however many syncs follow.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const notices = await prisma.notification.findMany({ where: { userId: ds.id, link: `/runs/${runId}` } });
    expect(notices.map((n) => n.message)).toEqual([expect.stringContaining("finished with failed steps (Postprocessing Script Mode)")]);
    // Nobody else hears of someone else's run.
    expect(await prisma.notification.count({ where: { link: `/runs/${runId}`, userId: { not: ds.id } } })).toBe(0);
  }, 150_000);

  it("keeps a stopped run out of failure groups", async () => {
    const deployment = await liveDeployment(world, ds, binding(BUCKET, "slow"));
    const { runId } = await startRun(prisma, ds, { deploymentId: deployment.id });
    reconciler = startReconciler({ db: prisma, ...fast });
    await waitForRun(runId, (r) => r.steps[0]?.status === "RUNNING");
    await stop(prisma, ds, { runId });
    await waitForRun(runId, finished);
    const stored = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(stored).toMatchObject({ status: "ABORTED", error: "Ferry.Stopped", failureGroup: null });
    expect(stored.cause).toContain(ds.email);
    expect(await prisma.notification.count({ where: { link: `/runs/${runId}` } })).toBe(0);
  }, 120_000);
});

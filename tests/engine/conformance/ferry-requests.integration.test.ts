// Every Step Functions and SageMaker request Ferry makes in a whole demo journey (register, publish, deploy,
// run the demo model to SUCCEEDED with the reconciler) is recorded at the engine and checked against AWS's
// published service models: what runs locally is what AWS would accept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { DEMO_MODEL } from "@/lib/demo/model";
import { seedDemo } from "@/lib/demo/seed";
import { observeRequests, type ObservedRequest } from "@/lib/engine/models";
import { checkRequest } from "@/lib/engine/models/check-request";
import { serviceModel } from "@/lib/engine/models/service-model";
import { EMBEDDED_BUCKET, EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { startRun } from "@/lib/runs/operations";
import { startReconciler } from "@/lib/runs/reconciler";
import { ensureBucket } from "@/lib/storage/objects";
import { DEMO_USERS, seedDemoUsers } from "@/lib/users/demo";
import { findActor } from "@/lib/auth/actor";
import { waitForRun } from "../../runs/world";
import { resetDatabase } from "../../setup/db";
import { startTestEngine, type TestEngine } from "../harness";

let engine: TestEngine;
const recorded: ObservedRequest[] = [];
let stopObserving: () => void = () => undefined;

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  stopObserving = observeRequests((request) => recorded.push(request));
  await ensureBucket(engine.s3, EMBEDDED_BUCKET);
  await prisma.environment.create({ data: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", bucket: EMBEDDED_BUCKET, endpointOverride: engine.endpoint } });
  await seedDemoUsers(prisma);
  await seedDemo(prisma, () => undefined);
  const email = DEMO_USERS.find((u) => u.roles.includes("DATA_SCIENTIST"))?.email ?? "";
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const scientist = await findActor(prisma, user.id);
  const deployment = await prisma.deployment.findFirstOrThrow({ where: { model: { slug: DEMO_MODEL }, status: "LIVE" }, select: { id: true } });
  const outcome = await startRun(prisma, scientist, { deploymentId: deployment.id });
  const reconciler = startReconciler({ db: prisma, minIntervalMs: 200, pendingGraceMs: 0, tickMs: 100 });
  try {
    const run = await waitForRun(outcome.runId, (r) => r.status !== "PENDING" && r.status !== "RUNNING");
    expect(run.status).toBe("SUCCEEDED");
  } finally {
    await reconciler.stop();
  }
}, 180_000);

afterAll(async () => {
  stopObserving();
  await engine?.close();
  await disconnectPrisma();
});

describe("Ferry's requests in a demo journey", () => {
  it("reach every operation of the journey: deploy, start, reconcile, and the jobs the pipeline creates", () => {
    const operations = new Set(recorded.map((r) => `${r.service}.${r.operation}`));
    for (const expected of [
      "stepfunctions.CreateStateMachine",
      "stepfunctions.StartExecution",
      "stepfunctions.DescribeExecution",
      "stepfunctions.GetExecutionHistory",
      "sagemaker.CreateProcessingJob",
      "sagemaker.DescribeProcessingJob",
    ]) {
      expect(operations, expected).toContain(expected);
    }
  });

  it("are each valid for AWS's service models", () => {
    const checked = recorded.flatMap((request) => {
      const check = checkRequest(serviceModel(request.service), request.operation, request.body);
      return check ? [{ operation: `${request.service}.${request.operation}`, problems: [...check.mismatches, ...check.violations] }] : [];
    });
    expect(checked.length).toBeGreaterThan(10);
    expect(checked.filter((c) => c.problems.length > 0)).toEqual([]);
    const unchecked = [...new Set(recorded.filter((r) => !serviceModel(r.service).operations[r.operation]).map((r) => r.operation))];
    console.log(`Ferry's journey: ${recorded.length} requests, ${checked.length} checked against the models; newer than the models: ${unchecked.join(", ") || "none"}`);
  });
});

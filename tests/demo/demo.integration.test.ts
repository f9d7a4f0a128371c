// The embedded default's demo: seeded through Ferry's own operations, idempotent, and actually runnable.
import { DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "@/lib/db/prisma";
import { DEMO_MODEL } from "@/lib/demo/model";
import { DEMO_PIPELINE, seedDemo } from "@/lib/demo/seed";
import { EMBEDDED_BUCKET, EMBEDDED_ENVIRONMENT } from "@/lib/environments/embedded";
import { PipelineDraft } from "@/lib/pipelines/draft";
import { buildExecutionInput, ModelBinding } from "@/lib/pipelines/input";
import { ensureBucket } from "@/lib/storage/objects";
import { seedDemoUsers } from "@/lib/users/demo";
import { readObject } from "../engine/legacy-model";
import { startTestEngine, type TestEngine } from "../engine/harness";
import { resetDatabase } from "../setup/db";

let engine: TestEngine;
const log: string[] = [];

beforeAll(async () => {
  await resetDatabase();
  engine = await startTestEngine();
  await ensureBucket(engine.s3, EMBEDDED_BUCKET);
  await prisma.environment.create({ data: { name: EMBEDDED_ENVIRONMENT, kind: "EMBEDDED", bucket: EMBEDDED_BUCKET, endpointOverride: engine.endpoint } });
  await seedDemoUsers(prisma);
  await seedDemo(prisma, (m) => log.push(m));
});

afterAll(async () => {
  await engine.close();
  await disconnectPrisma();
});

describe("the demo", () => {
  it("has a published pipeline and a model with a live deployment, made by the demo users", async () => {
    expect(log.join("\n")).toContain(`demo model ${DEMO_MODEL} is live`);
    const deployment = await prisma.deployment.findFirstOrThrow({ where: { model: { slug: DEMO_MODEL } }, select: { status: true, stateMachineArn: true, requestedBy: { select: { email: true } }, decidedBy: { select: { email: true } } } });
    expect(deployment).toMatchObject({ status: "LIVE", requestedBy: { email: "mlops@ferry.local" }, decidedBy: { email: "admin@ferry.local" } });
    expect(deployment.stateMachineArn).toMatch(/^arn:aws:states:/);
    const actions = (await prisma.auditEvent.findMany({ select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["pipelines.publish", "images.register", "models.save", "scripts.upload", "deployments.request", "deployments.approve", "deployments.deploy_finished"]));
  });

  it("changes nothing when seeded again", async () => {
    const counts = async () => [await prisma.model.count(), await prisma.pipelineVersion.count(), await prisma.deployment.count(), await prisma.auditEvent.count()];
    const before = await counts();
    await seedDemo(prisma, () => undefined);
    expect(await counts()).toEqual(before);
  });

  it("runs: three real jobs turn the customer export into a retention list", async () => {
    const deployment = await prisma.deployment.findFirstOrThrow({ where: { model: { slug: DEMO_MODEL }, status: "LIVE" }, select: { stateMachineArn: true, parameters: true, pipelineVersion: { select: { spec: true, pipeline: { select: { name: true } } } } } });
    expect(deployment.pipelineVersion.pipeline.name).toBe(DEMO_PIPELINE);
    const draft = PipelineDraft.parse(deployment.pipelineVersion.spec);
    if (draft.kind !== "spec") throw new Error("the demo pipeline is a spec");
    const input = buildExecutionInput(draft.spec, ModelBinding.parse(deployment.parameters));
    if (!input.success) throw new Error(input.error.message);
    const { executionArn } = await engine.sfn.send(new StartExecutionCommand({ stateMachineArn: deployment.stateMachineArn ?? "", name: "demo-1", input: JSON.stringify(input.data) }));
    let status = "RUNNING";
    let cause: string | undefined;
    for (let i = 0; i < 600 && status === "RUNNING"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ status = "RUNNING", cause } = await engine.sfn.send(new DescribeExecutionCommand({ executionArn })));
    }
    expect(cause ?? "").toBe("");
    expect(status).toBe("SUCCEEDED");
    const summary = JSON.parse(await readObject(engine.s3, EMBEDDED_BUCKET, `demo/${DEMO_MODEL}/output/demo-1/post/final/summary.json`)) as { customers: number; at_risk: number };
    expect(summary.customers).toBe(120);
    expect(summary.at_risk).toBeGreaterThan(0);
  });
});
